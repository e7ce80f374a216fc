// Identifiability: the log-linear parameters are identifiable when the design matrix over
// the fitted histories has full column rank (SparseMSE's buildmodelmatrix). Histories with
// a zero count stay in; only those containing a zero-margin term are dropped.
#include "face.hpp"

namespace zicht::estimate::internal {

int RankDeficiency(const Eigen::MatrixXd& design) {
  if (design.cols() == 0) return 0;
  // Entries are 0 and 1, so a fixed threshold separates true zeros from rounding.
  if (design.rows() < design.cols()) {
    Eigen::FullPivLU<Eigen::MatrixXd> lu(design);
    lu.setThreshold(1e-9);
    return static_cast<int>(design.cols() - lu.rank());
  }
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(design);
  qr.setThreshold(1e-9);
  return static_cast<int>(design.cols() - qr.rank());
}

}  // namespace zicht::estimate::internal

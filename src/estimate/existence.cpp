#include "zicht/estimate/existence.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <utility>

#include "face.hpp"
#include "simplex.hpp"

namespace zicht::estimate {
namespace internal {

bool ExtendedMleExists(const Face& face, const std::vector<double>& counts) {
  const bool all_positive =
      std::all_of(face.cells.begin(), face.cells.end(), [&](int h) { return counts[h] > 0.0; });
  if (all_positive) return true;  // the data themselves are a strictly positive table
  // Variables: s_h >= 0 for each history and t >= 0, with x_h = s_h + t. Maximise t
  // subject to the sufficient statistics of x equalling those of the data.
  LinearProgram lp;
  lp.rows = static_cast<int>(face.free_terms.size());
  lp.cols = static_cast<int>(face.cells.size()) + 1;
  lp.a.assign(static_cast<size_t>(lp.rows) * lp.cols, 0.0);
  lp.b.assign(lp.rows, 0.0);
  lp.c.assign(lp.cols, 0.0);
  lp.c[lp.cols - 1] = 1.0;
  for (int r = 0; r < lp.rows; ++r) {
    const Term term = face.free_terms[r];
    double cells_in_term = 0.0;
    for (size_t i = 0; i < face.cells.size(); ++i) {
      const int h = face.cells[i];
      if ((static_cast<Term>(h) & term) != term) continue;
      lp.a[r * lp.cols + i] = 1.0;
      cells_in_term += 1.0;
      lp.b[r] += counts[h];
    }
    lp.a[r * lp.cols + lp.cols - 1] = cells_in_term;
  }
  const LpSolution solution = SolveLinearProgram(lp);
  // The optimum is a vertex of a problem with 0/1 coefficients and whole-number margins,
  // so a positive optimum is far above rounding error.
  return solution.outcome == LpSolution::Outcome::kUnbounded ||
         (solution.outcome == LpSolution::Outcome::kOptimal && solution.value > 1e-7);
}

}  // namespace internal

namespace {

ModelCheck CheckFace(const internal::Face& face, const std::vector<double>& counts) {
  ModelCheck check;
  check.zero_margin_terms = face.zero_terms;
  check.identifiable = internal::RankDeficiency(internal::DesignMatrix(face)) == 0;
  check.mle_exists = internal::ExtendedMleExists(face, counts);
  return check;
}

}  // namespace

std::string ModelCheck::Reason(const std::vector<std::string>& lists) const {
  if (ok()) return {};
  std::string zero;
  for (Term term : zero_margin_terms) zero += (zero.empty() ? "" : ", ") + TermName(term, lists);
  std::string reason;
  if (!mle_exists) {
    reason =
        "the maximum-likelihood estimate does not exist for this model: no table of strictly "
        "positive counts has the same margins as the data (Fienberg-Rinaldo linear-programming "
        "test), so some expected counts, and with them the unseen count, run off to a boundary; "
        "drop an interaction between lists whose overlaps are sparse";
  }
  if (!identifiable) {
    if (!reason.empty()) reason += "; and ";
    reason += "the model is not identifiable for these data: once the histories containing " +
              (zero.empty() ? std::string("no zero-margin term") : "the non-overlapping " + zero) +
              " are set aside, too few histories remain to determine every parameter; fit fewer "
              "interactions";
  }
  return reason;
}

ModelCheck CheckModel(const CaptureTable& table, const LoglinearModel& model) {
  const std::vector<double> counts = internal::ToDouble(table.counts);
  return CheckFace(internal::BuildFace(counts, table.list_count(), model), counts);
}

struct ModelChecker::Impl {
  std::vector<double> counts;
  int list_count = 0;
  int max_order = 2;
  std::vector<Term> positive_terms;  // every interaction up to max_order with positive margin
  mutable std::mutex mutex;
  mutable std::map<std::vector<Term>, bool> top_passes;  // keyed by the zero-margin terms
};

ModelChecker::ModelChecker(const CaptureTable& table, int max_order)
    : impl_(std::make_unique<Impl>()) {
  impl_->counts = internal::ToDouble(table.counts);
  impl_->list_count = table.list_count();
  impl_->max_order = max_order;
  const Term all = (Term{1} << table.list_count()) - 1;
  for (Term term = 1; term <= all; ++term) {
    const int order = TermOrder(term);
    if (order >= 2 && order <= max_order && internal::Margin(impl_->counts, term) > 0.0) {
      impl_->positive_terms.push_back(term);
    }
  }
}

ModelChecker::~ModelChecker() = default;

ModelCheck ModelChecker::Check(const LoglinearModel& model) const {
  const internal::Face face = internal::BuildFace(impl_->counts, impl_->list_count, model);
  if (model.MaxOrder() > impl_->max_order) return CheckFace(face, impl_->counts);
  bool known = false;
  bool passes = false;
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    const auto found = impl_->top_passes.find(face.zero_terms);
    if (found != impl_->top_passes.end()) {
      known = true;
      passes = found->second;
    }
  }
  if (!known) {
    // The largest model fitted over the same histories: every positive-margin interaction
    // plus this model's zero-margin ones.
    std::vector<Term> terms = impl_->positive_terms;
    for (Term term : face.zero_terms) {
      if (TermOrder(term) >= 2) terms.push_back(term);
    }
    const internal::Face top = internal::BuildFace(impl_->counts, impl_->list_count,
                                                   LoglinearModel::FromTerms(std::move(terms)));
    passes = CheckFace(top, impl_->counts).ok();
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->top_passes.emplace(face.zero_terms, passes);
  }
  if (passes) {
    ModelCheck check;
    check.zero_margin_terms = face.zero_terms;
    return check;
  }
  return CheckFace(face, impl_->counts);
}

}  // namespace zicht::estimate

#include "face.hpp"

#include <algorithm>

namespace zicht::estimate::internal {

double Margin(const std::vector<double>& counts, Term term) {
  double total = 0.0;
  for (size_t h = 1; h < counts.size(); ++h) {
    if ((static_cast<Term>(h) & term) == term) total += counts[h];
  }
  return total;
}

Face BuildFace(const std::vector<double>& counts, int list_count, const LoglinearModel& model) {
  Face face;
  std::vector<Term> terms;
  terms.reserve(1 + list_count + model.interactions.size());
  terms.push_back(0);
  for (int j = 0; j < list_count; ++j) terms.push_back(Term{1} << j);
  terms.insert(terms.end(), model.interactions.begin(), model.interactions.end());
  for (Term term : terms) {
    if (term != 0 && Margin(counts, term) <= 0.0) {
      face.zero_terms.push_back(term);
    } else {
      face.free_terms.push_back(term);
    }
  }
  const int cells = 1 << list_count;
  for (int h = 1; h < cells; ++h) {
    const bool dropped = std::any_of(face.zero_terms.begin(), face.zero_terms.end(),
                                     [&](Term t) { return (static_cast<Term>(h) & t) == t; });
    if (!dropped) face.cells.push_back(h);
  }
  return face;
}

Eigen::MatrixXd DesignMatrix(const Face& face) {
  Eigen::MatrixXd x(face.cells.size(), face.free_terms.size());
  for (size_t r = 0; r < face.cells.size(); ++r) {
    const Term cell = static_cast<Term>(face.cells[r]);
    for (size_t c = 0; c < face.free_terms.size(); ++c) {
      x(r, c) = (cell & face.free_terms[c]) == face.free_terms[c] ? 1.0 : 0.0;
    }
  }
  return x;
}

std::vector<double> ToDouble(const std::vector<std::int64_t>& counts) {
  return std::vector<double>(counts.begin(), counts.end());
}

}  // namespace zicht::estimate::internal

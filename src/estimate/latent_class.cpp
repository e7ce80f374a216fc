#include "zicht/estimate/latent_class.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>

#include "estimate/latent_class_diagnostics.hpp"
#include "estimate/latent_class_random.hpp"

namespace zicht::estimate {
namespace {

using lcm::Random;

constexpr int kMaxClasses = 1000;
constexpr int kMaxChains = 256;
constexpr int kMinDrawsPerChain = 4;  // split R-hat needs two halves of two draws
constexpr double kRhatLimit = 1.1;
constexpr double kEssPerChain = 100.0;  // Vehtari et al. (2021), section 4.3
constexpr double kUsedClassShare = 0.01;

struct Cell {
  std::uint32_t history = 0;
  std::int64_t count = 0;
};

struct ChainOutput {
  std::vector<std::int64_t> draws;
  std::vector<double> alpha;  // the concentration at each kept draw
  std::vector<double> used;   // the classes used at each kept draw
  std::int64_t capped = 0;
};

// One chain of the Gibbs sampler of Manrique-Vallier (2016, section 3), on the
// aggregated table: each observed history's count is split over the classes by one
// multinomial draw instead of one draw per person, which makes a sweep cost
// O(histories x classes x lists) whatever the number of persons.
class Sampler {
 public:
  Sampler(const std::vector<Cell>& cells, int lists, std::int64_t observed,
          const LatentClassOptions& options, Random random)
      : cells_(cells),
        lists_(lists),
        classes_(options.max_classes),
        observed_(observed),
        options_(options),
        random_(random),
        lambda_(static_cast<std::size_t>(lists * classes_)),
        nu_(static_cast<std::size_t>(classes_)),
        log_nu_(static_cast<std::size_t>(classes_)),
        count_(static_cast<std::size_t>(classes_)),
        count0_(static_cast<std::size_t>(classes_), 0),
        ones_(static_cast<std::size_t>(lists * classes_)),
        weight_(static_cast<std::size_t>(classes_)),
        allocation_(static_cast<std::size_t>(classes_)),
        order_(static_cast<std::size_t>(classes_)) {
    // The table of all 2^J histories pays when it is not much larger than the work of
    // visiting the observed histories one list at a time.
    const std::size_t histories = std::size_t{1} << lists_;
    if (histories <= 4 * cells_.size() * static_cast<std::size_t>(lists_)) {
      history_weight_.resize(histories * static_cast<std::size_t>(classes_));
    }
    Initialise();
  }

  void Step() {
    AllocateObserved();
    DrawLambda();
    DrawNu();
    DrawUnobserved();
    DrawAlpha();
  }

  std::int64_t unobserved() const { return n0_; }
  double alpha() const { return alpha_; }
  bool capped() const { return capped_; }
  // Classes holding at least 1% of the population (n + n0).
  int used() const {
    const double floor = kUsedClassShare * static_cast<double>(observed_ + n0_);
    int used = 0;
    for (int k = 0; k < classes_; ++k) {
      const auto size = count_[static_cast<std::size_t>(k)] + count0_[static_cast<std::size_t>(k)];
      used += static_cast<double>(size) >= floor ? 1 : 0;
    }
    return used;
  }

 private:
  double& Lambda(int j, int k) { return lambda_[static_cast<std::size_t>(j * classes_ + k)]; }
  std::int64_t& Ones(int j, int k) { return ones_[static_cast<std::size_t>(j * classes_ + k)]; }

  // Each chain starts from its own point: capture probabilities at the lists' shares of
  // the observed persons, scattered per class, and class weights drawn from the prior,
  // so that chains that agree at the end say something about convergence.
  void Initialise() {
    std::vector<std::int64_t> on_list(static_cast<std::size_t>(lists_), 0);
    for (const Cell& cell : cells_) {
      for (int j = 0; j < lists_; ++j) {
        if (cell.history >> j & 1U) on_list[static_cast<std::size_t>(j)] += cell.count;
      }
    }
    for (int j = 0; j < lists_; ++j) {
      const double share = static_cast<double>(on_list[static_cast<std::size_t>(j)]) /
                           static_cast<double>(observed_);
      for (int k = 0; k < classes_; ++k) {
        Lambda(j, k) = std::clamp(share * std::exp(0.5 * random_.Normal()), 0.02, 0.98);
      }
    }
    alpha_ = 1.0;
    std::fill(count_.begin(), count_.end(), 0);
    DrawNu();
    OrderClasses();
  }

  // The classes by decreasing weight, the order in which the multinomials visit them:
  // the heavy classes take the trials first and the conditional binomials stop early.
  // (Only the order of the draws changes, not the state's labels, which the
  // stick-breaking prior does not treat as exchangeable.)
  void OrderClasses() {
    std::iota(order_.begin(), order_.end(), 0);
    std::sort(order_.begin(), order_.end(), [&](int a, int b) {
      const double na = nu_[static_cast<std::size_t>(a)];
      const double nb = nu_[static_cast<std::size_t>(b)];
      return na != nb ? na > nb : a < b;
    });
  }

  // P(history h, class k) for every h at once by doubling over the lists: 2^(J+1)
  // products per class instead of J per observed history, and no branches.
  void FillHistoryTable() {
    const std::size_t histories = std::size_t{1} << lists_;
    for (int k = 0; k < classes_; ++k) {
      double* row = &history_weight_[static_cast<std::size_t>(k) * histories];
      row[0] = nu_[static_cast<std::size_t>(k)];
      for (int j = 0; j < lists_; ++j) {
        const double l = Lambda(j, k);
        const std::size_t half = std::size_t{1} << j;
        for (std::size_t h = 0; h < half; ++h) {
          row[h | half] = row[h] * l;
          row[h] *= 1.0 - l;
        }
      }
    }
  }

  double CellWeight(std::uint32_t history, int k) {
    if (!history_weight_.empty()) {
      return history_weight_[(static_cast<std::size_t>(k) << lists_) + history];
    }
    double w = nu_[static_cast<std::size_t>(k)];
    for (int j = 0; j < lists_; ++j) {
      const double l = Lambda(j, k);
      w *= (history >> j & 1U) ? l : 1.0 - l;
    }
    return w;
  }

  void AllocateObserved() {
    std::fill(count_.begin(), count_.end(), 0);
    std::fill(ones_.begin(), ones_.end(), 0);
    OrderClasses();
    if (!history_weight_.empty()) FillHistoryTable();
    for (const Cell& cell : cells_) {
      for (int r = 0; r < classes_; ++r) {
        weight_[static_cast<std::size_t>(r)] =
            CellWeight(cell.history, order_[static_cast<std::size_t>(r)]);
      }
      random_.Multinomial(cell.count, weight_, allocation_);
      for (int r = 0; r < classes_; ++r) {
        const std::int64_t a = allocation_[static_cast<std::size_t>(r)];
        if (a == 0) continue;
        const int k = order_[static_cast<std::size_t>(r)];
        count_[static_cast<std::size_t>(k)] += a;
        for (int j = 0; j < lists_; ++j) {
          if (cell.history >> j & 1U) Ones(j, k) += a;
        }
      }
    }
  }

  // lambda_jk | z ~ Beta(1 + captured, 1 + not captured), the missed persons counting as
  // not captured by every list.
  void DrawLambda() {
    for (int k = 0; k < classes_; ++k) {
      const std::int64_t members =
          count_[static_cast<std::size_t>(k)] + count0_[static_cast<std::size_t>(k)];
      for (int j = 0; j < lists_; ++j) {
        const std::int64_t ones = Ones(j, k);
        Lambda(j, k) = random_.Beta(1.0 + static_cast<double>(ones),
                                    1.0 + static_cast<double>(members - ones));
      }
    }
  }

  // Stick-breaking weights: V_k ~ Beta(1 + m_k, alpha + sum_{l>k} m_l), drawn as a pair of
  // log-gammas so that weights far below the smallest double stay usable in log form.
  void DrawNu() {
    std::int64_t after = 0;
    for (int k = 0; k < classes_; ++k) {
      after += count_[static_cast<std::size_t>(k)] + count0_[static_cast<std::size_t>(k)];
    }
    double log_rest = 0.0;  // log prod_{l<k} (1 - V_l)
    for (int k = 0; k + 1 < classes_; ++k) {
      after -= count_[static_cast<std::size_t>(k)] + count0_[static_cast<std::size_t>(k)];
      const double a = 1.0 + static_cast<double>(count_[static_cast<std::size_t>(k)] +
                                                 count0_[static_cast<std::size_t>(k)]);
      const double b = alpha_ + static_cast<double>(after);
      const double log_x = random_.LogGamma(a);
      const double log_y = random_.LogGamma(b);
      const double high = std::max(log_x, log_y);
      const double log_sum = high + std::log(std::exp(log_x - high) + std::exp(log_y - high));
      log_nu_[static_cast<std::size_t>(k)] = log_rest + log_x - log_sum;
      log_rest += log_y - log_sum;
    }
    log_nu_[static_cast<std::size_t>(classes_ - 1)] = log_rest;
    for (int k = 0; k < classes_; ++k) {
      nu_[static_cast<std::size_t>(k)] = std::exp(log_nu_[static_cast<std::size_t>(k)]);
    }
  }

  // n0 | lambda, nu ~ NegBin(n, 1 - p0): under the prior p(N) proportional to 1/N this
  // is the exact conditional (Manrique-Vallier 2016, section 3; as in LCMCR). Then the
  // missed persons are split over classes in proportion to nu_k prod_j (1 - lambda_jk).
  void DrawUnobserved() {
    double seen = 0.0;  // 1 - p0, summed from its parts so that it stays accurate when tiny
    for (int r = 0; r < classes_; ++r) {
      const int k = order_[static_cast<std::size_t>(r)];
      double missed = 1.0;
      for (int j = 0; j < lists_; ++j) missed *= 1.0 - Lambda(j, k);
      double seen_k = 1.0 - missed;
      if (seen_k < 1e-4) {  // 1 - missed cancels: take it from the logs instead
        double log_missed = 0.0;
        for (int j = 0; j < lists_; ++j) log_missed += std::log1p(-Lambda(j, k));
        seen_k = -std::expm1(log_missed);
      }
      const double nu = nu_[static_cast<std::size_t>(k)];
      weight_[static_cast<std::size_t>(r)] = nu * missed;
      seen += nu * seen_k;
    }
    n0_ = random_.NegativeBinomial(static_cast<double>(observed_), seen, options_.max_unobserved,
                                   &capped_);
    random_.Multinomial(n0_, weight_, allocation_);
    for (int r = 0; r < classes_; ++r) {
      count0_[static_cast<std::size_t>(order_[static_cast<std::size_t>(r)])] =
          allocation_[static_cast<std::size_t>(r)];
    }
  }

  // alpha | V ~ Gamma(a + K - 1, b - sum_k log(1 - V_k)), and sum_k log(1 - V_k) is log nu_K.
  void DrawAlpha() {
    const double rate = options_.alpha_rate - log_nu_[static_cast<std::size_t>(classes_ - 1)];
    alpha_ = random_.Gamma(options_.alpha_shape + static_cast<double>(classes_ - 1)) / rate;
  }

  const std::vector<Cell>& cells_;
  const int lists_;
  const int classes_;
  const std::int64_t observed_;
  const LatentClassOptions& options_;
  Random random_;

  std::vector<double> lambda_;  // [list][class]
  std::vector<double> nu_;
  std::vector<double> log_nu_;
  std::vector<std::int64_t> count_;   // observed persons per class
  std::vector<std::int64_t> count0_;  // missed persons per class
  std::vector<std::int64_t> ones_;    // [list][class]: observed persons per class on the list
  double alpha_ = 1.0;
  std::int64_t n0_ = 0;
  bool capped_ = false;

  std::vector<double> weight_;            // per class, in the order of order_
  std::vector<std::int64_t> allocation_;  // likewise
  std::vector<int> order_;
  std::vector<double> history_weight_;  // [class][history], empty when not worth it
};

ChainOutput RunChain(const std::vector<Cell>& cells, int lists, std::int64_t observed,
                     const LatentClassOptions& options, int chain) {
  Sampler sampler(cells, lists, observed, options,
                  Random(options.seed, static_cast<std::uint64_t>(chain)));
  for (int i = 0; i < options.burn_in; ++i) sampler.Step();
  ChainOutput out;
  const auto kept = static_cast<std::size_t>(options.iterations / options.thinning);
  out.draws.reserve(kept);
  out.alpha.reserve(kept);
  out.used.reserve(kept);
  for (int i = 1; i <= options.iterations; ++i) {
    sampler.Step();
    if (sampler.capped()) ++out.capped;
    if (i % options.thinning == 0) {
      out.draws.push_back(observed + sampler.unobserved());
      out.alpha.push_back(sampler.alpha());
      out.used.push_back(sampler.used());
    }
  }
  return out;
}

Status ValidateTable(const CaptureTable& table, std::int64_t* observed) {
  const int k = table.list_count();
  if (k < 2) {
    return Status::InvalidData(
        fmt::format("a latent-class estimate needs at least 2 lists; the table has {}", k));
  }
  if (k > 16) {
    return Status::InvalidData(fmt::format("at most 16 lists are supported; the table has {}", k));
  }
  const std::size_t cells = std::size_t{1} << k;
  if (table.counts.size() != cells) {
    return Status::InvalidData(
        fmt::format("a table of {} lists needs {} counts (one per history); it has {}", k, cells,
                    table.counts.size()));
  }
  std::int64_t total = 0;
  for (std::size_t h = 1; h < cells; ++h) {
    if (table.counts[h] < 0) {
      return Status::InvalidData(
          fmt::format("the count of history {} is negative ({})", h, table.counts[h]));
    }
    total += table.counts[h];
  }
  if (total == 0) return Status::InvalidData("the table holds no observed persons");
  *observed = total;
  return Status::Ok();
}

std::string FormatCount(double x) {
  if (!std::isfinite(x)) return fmt::format("{}", x);
  return fmt::format("{:.0f}", x);
}

}  // namespace

Status LatentClassOptions::Validate() const {
  if (max_classes < 1 || max_classes > kMaxClasses) {
    return Status::InvalidArgument(
        fmt::format("max_classes must be between 1 and {}; it is {}", kMaxClasses, max_classes));
  }
  if (burn_in < 0) {
    return Status::InvalidArgument(fmt::format("burn_in must be 0 or more; it is {}", burn_in));
  }
  if (iterations < 1) {
    return Status::InvalidArgument(
        fmt::format("iterations must be 1 or more; it is {}", iterations));
  }
  if (thinning < 1) {
    return Status::InvalidArgument(fmt::format("thinning must be 1 or more; it is {}", thinning));
  }
  if (iterations / thinning < kMinDrawsPerChain) {
    return Status::InvalidArgument(
        fmt::format("iterations / thinning must keep at least {} draws per chain; {} / {} keeps {}",
                    kMinDrawsPerChain, iterations, thinning, iterations / thinning));
  }
  if (chains < 1 || chains > kMaxChains) {
    return Status::InvalidArgument(
        fmt::format("chains must be between 1 and {}; it is {}", kMaxChains, chains));
  }
  if (!(alpha_shape > 0.0) || !std::isfinite(alpha_shape)) {
    return Status::InvalidArgument(
        fmt::format("alpha_shape must be a positive number; it is {}", alpha_shape));
  }
  if (!(alpha_rate > 0.0) || !std::isfinite(alpha_rate)) {
    return Status::InvalidArgument(
        fmt::format("alpha_rate must be a positive number; it is {}", alpha_rate));
  }
  if (!(max_unobserved >= 1.0) || !(max_unobserved <= 1e15)) {
    return Status::InvalidArgument(
        fmt::format("max_unobserved must be between 1 and 1e15; it is {}", max_unobserved));
  }
  return Status::Ok();
}

Result<LatentClassResult> EstimateLatentClass(const CaptureTable& table,
                                              const LatentClassOptions& options) {
  ZICHT_RETURN_IF_ERROR(options.Validate());
  std::int64_t observed = 0;
  ZICHT_RETURN_IF_ERROR(ValidateTable(table, &observed));

  const int lists = table.list_count();
  std::vector<Cell> cells;
  for (std::size_t h = 1; h < table.counts.size(); ++h) {
    if (table.counts[h] > 0) cells.push_back({static_cast<std::uint32_t>(h), table.counts[h]});
  }

  const auto start = std::chrono::steady_clock::now();
  std::vector<ChainOutput> outputs(static_cast<std::size_t>(options.chains));
  auto run = [&](int c) {
    outputs[static_cast<std::size_t>(c)] = RunChain(cells, lists, observed, options, c);
  };
  if (options.parallel && options.chains > 1) {
    tbb::parallel_for(0, options.chains, run);
  } else {
    for (int c = 0; c < options.chains; ++c) run(c);
  }
  const auto stop = std::chrono::steady_clock::now();

  LatentClassResult result;
  result.list_count = lists;
  result.observed = observed;
  result.options = options;
  result.seconds = std::chrono::duration<double>(stop - start).count();
  result.total_iterations = static_cast<std::int64_t>(options.chains) *
                            (static_cast<std::int64_t>(options.burn_in) + options.iterations);

  std::vector<std::vector<double>> chains;
  std::vector<std::vector<double>> alpha_chains;
  std::vector<std::vector<double>> used_chains;
  std::vector<double> pooled;
  std::int64_t capped = 0;
  for (int c = 0; c < options.chains; ++c) {
    ChainOutput& out = outputs[static_cast<std::size_t>(c)];
    std::vector<double> draws(out.draws.begin(), out.draws.end());
    LatentClassChain summary;
    summary.chain = c;
    const double kept = static_cast<double>(draws.size());
    summary.mean = std::accumulate(draws.begin(), draws.end(), 0.0) / kept;
    summary.median = lcm::Quantile(draws, 0.5);
    summary.lower = lcm::Quantile(draws, 0.025);
    summary.upper = lcm::Quantile(draws, 0.975);
    summary.mean_alpha = std::accumulate(out.alpha.begin(), out.alpha.end(), 0.0) / kept;
    summary.mean_used_classes = std::accumulate(out.used.begin(), out.used.end(), 0.0) / kept;
    summary.capped_iterations = out.capped;
    capped += out.capped;
    result.chains.push_back(summary);
    pooled.insert(pooled.end(), draws.begin(), draws.end());
    chains.push_back(std::move(draws));
    alpha_chains.push_back(std::move(out.alpha));
    used_chains.push_back(std::move(out.used));
    result.draws.push_back(std::move(out.draws));
  }

  const double total = static_cast<double>(pooled.size());
  result.mean = std::accumulate(pooled.begin(), pooled.end(), 0.0) / total;
  double ss = 0.0;
  for (double x : pooled) ss += (x - result.mean) * (x - result.mean);
  result.sd = pooled.size() > 1 ? std::sqrt(ss / (total - 1.0)) : 0.0;
  result.median = lcm::Quantile(pooled, 0.5);
  result.lower = lcm::Quantile(pooled, 0.025);
  result.upper = lcm::Quantile(pooled, 0.975);
  result.rhat = lcm::SplitRhat(chains);
  result.ess_bulk = lcm::BulkEss(chains);
  result.ess_tail = lcm::TailEss(chains);
  // N can look settled while the chains still disagree on the mixture under it: how
  // concentrated it is (alpha) and how many classes it uses. R-hat of both catches a
  // chain stuck in a configuration of classes the others do not visit.
  result.rhat_alpha = lcm::SplitRhat(alpha_chains);
  result.rhat_classes = lcm::SplitRhat(used_chains);

  const double ess_needed = kEssPerChain * options.chains;
  const bool rhat_ok = result.rhat <= kRhatLimit && result.rhat_alpha <= kRhatLimit &&
                       result.rhat_classes <= kRhatLimit;
  const bool ess_ok = result.ess_bulk >= ess_needed && result.ess_tail >= ess_needed;
  result.mixed = rhat_ok && ess_ok && capped == 0;

  if (lists < 3) {
    result.warnings.push_back(
        "with 2 lists a latent-class model is not identifiable: the estimate rests on the prior");
  }
  if (capped > 0) {
    result.warnings.push_back(fmt::format(
        "in {} of {} iterations the unobserved count reached its cap of {:g}: the table carries "
        "no information on how many were missed (do the lists overlap?), so the estimate does "
        "not exist",
        capped, static_cast<std::int64_t>(options.chains) * options.iterations,
        options.max_unobserved));
  }
  if (!rhat_ok || !ess_ok) {
    result.warnings.push_back(fmt::format(
        "the chains have not mixed; do not quote this estimate (R-hat {:.3f} of N, {:.3f} of "
        "the concentration and {:.3f} of the classes used, each needs <= {}; effective sample "
        "size {} bulk and {} tail, needs >= {:.0f}): run more iterations",
        result.rhat, result.rhat_alpha, result.rhat_classes, kRhatLimit,
        FormatCount(result.ess_bulk), FormatCount(result.ess_tail), ess_needed));
  }
  // When (almost) every class holds a visible share of the population, the data would
  // use more classes than the truncation allows.
  double most_used = 0.0;
  for (const auto& chain : result.chains) most_used = std::max(most_used, chain.mean_used_classes);
  if (options.max_classes > 1 && most_used > options.max_classes - 1) {
    result.warnings.push_back(fmt::format(
        "on average {:.1f} of the {} latent classes hold at least 1% of the population: the "
        "truncation may bind; raise max_classes",
        most_used, options.max_classes));
  }
  return result;
}

std::string LatentClassResult::BriefReport() const {
  std::string line = fmt::format(
      "latent-class estimate N = {} (95% interval {} to {}; {} observed), R-hat {:.3f}, ESS {}",
      FormatCount(median), FormatCount(lower), FormatCount(upper), observed, rhat,
      FormatCount(ess_bulk));
  if (!warnings.empty()) {
    line += fmt::format(" -- {} warning{}: {}", warnings.size(), warnings.size() == 1 ? "" : "s",
                        warnings.front());
  }
  return line;
}

std::string LatentClassResult::FullReport() const {
  std::string out;
  out += "Bayesian latent-class estimate (Dirichlet-process mixture, Manrique-Vallier 2016)\n";
  out += fmt::format("  lists {}, observed persons {}\n", list_count, observed);
  out += fmt::format(
      "  max classes {}, alpha ~ Gamma({:g}, {:g}), chains {}, burn-in {}, iterations {}, "
      "thinning {}, seed {}\n",
      options.max_classes, options.alpha_shape, options.alpha_rate, options.chains, options.burn_in,
      options.iterations, options.thinning, options.seed);
  std::size_t kept = 0;
  for (const auto& d : draws) kept += d.size();
  out += fmt::format("  {} iterations in {:.2f} s ({:.0f} per second), {} draws kept\n",
                     total_iterations, seconds,
                     seconds > 0 ? static_cast<double>(total_iterations) / seconds : 0.0, kept);
  out += "Population size N\n";
  out += fmt::format("  median {}   mean {}   sd {}\n", FormatCount(median), FormatCount(mean),
                     FormatCount(sd));
  out += fmt::format("  95% interval (2.5% to 97.5% posterior quantiles): {} to {}\n",
                     FormatCount(lower), FormatCount(upper));
  out +=
      fmt::format("  unobserved: median {}\n", FormatCount(median - static_cast<double>(observed)));
  out += "Convergence (Vehtari et al. 2021)\n";
  out += fmt::format("  split R-hat {:.4f} (rank-normalised, bulk and tail)\n", rhat);
  out += fmt::format("  split R-hat of the concentration {:.4f}, of the classes used {:.4f}\n",
                     rhat_alpha, rhat_classes);
  out += fmt::format("  effective sample size: bulk {}, tail {}\n", FormatCount(ess_bulk),
                     FormatCount(ess_tail));
  out += "Chains\n";
  out += "  chain   median     mean    2.5%   97.5%  alpha  classes  capped\n";
  for (const auto& c : chains) {
    out +=
        fmt::format("  {:>5} {:>8} {:>8} {:>7} {:>7} {:>6.2f} {:>8.1f} {:>7}\n", c.chain,
                    FormatCount(c.median), FormatCount(c.mean), FormatCount(c.lower),
                    FormatCount(c.upper), c.mean_alpha, c.mean_used_classes, c.capped_iterations);
  }
  if (warnings.empty()) {
    out += "No warnings.\n";
  } else {
    out += "Warnings\n";
    for (const auto& w : warnings) out += "  - " + w + "\n";
  }
  return out;
}

}  // namespace zicht::estimate

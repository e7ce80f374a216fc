// `zicht link`: links the store's records into persons, and explains a pair's score.
#include <fmt/format.h>

#include <bit>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "common.hpp"
#include "progress.hpp"
#include "review_text.hpp"
#include "zicht/link/evaluation.hpp"
#include "zicht/link/explain.hpp"
#include "zicht/link/link.hpp"
#include "zicht/link/training.hpp"

namespace zicht::app {

namespace {

struct LinkFlags {
  std::string db;
  std::string config;
  std::string truth;
  std::vector<std::string> explain;
  bool json = false;
  bool count_only = false;
  bool m_from_truth = false;
  double wait = -1;
};

std::string Thousands(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

void PrintRuleCounts(const std::vector<link::RuleCount>& rules, std::ostream& out) {
  out << "Blocking: comparisons each rule generates\n";
  for (const auto& r : rules) {
    out << fmt::format(
        "  {:<26} {:>15}  in {} blocks, largest {}{}{}\n", r.rule, Thousands(r.comparisons),
        Thousands(r.blocks), Thousands(r.largest_block),
        r.oversized_blocks > 0
            ? fmt::format("; {} blocks of {} records left out as too large",
                          Thousands(r.oversized_blocks), Thousands(r.oversized_records))
            : "",
        r.skipped ? "  SKIPPED" : "");
  }
  for (const auto& r : rules) {
    if (r.skipped) out << "  warning: " << r.advice << "\n";
  }
}

void PrintModel(const link::FsModel& model, std::ostream& out) {
  out << fmt::format("Model: u from {} random pairs; m by EM{}\n", Thousands(model.u_sampled_pairs),
                     model.em_converged ? "" : " (NOT converged: treat the weights with care)");
  for (const auto& s : model.sessions) {
    std::string estimated;
    for (const auto& name : s.estimated) estimated += (estimated.empty() ? "" : ", ") + name;
    if (s.rule == link::kReviewSession) {
      out << fmt::format(
          "  then from the review's labels, {} reviewed pairs weighted by their sampling design "
          "({:.1f}% matches): {} (these replace the estimates above)\n",
          Thousands(s.pairs), 100 * s.match_share,
          estimated.empty() ? std::string("nothing, too few matches labelled") : estimated);
      continue;
    }
    if (s.rule == link::kLabelledSession) {
      out << fmt::format(
          "  then from the truth file's labels, over {} labelled candidate pairs ({:.1f}% "
          "matches): the prior, and m of {} (these replace the estimates above)\n",
          Thousands(s.pairs), 100 * s.match_share, estimated);
      continue;
    }
    out << fmt::format("  over {} pairs sharing {}: {:.1f}% matches, {} iterations{}{}\n",
                       Thousands(s.pairs), s.rule, 100 * s.match_share, s.iterations,
                       s.converged ? "" : " (not converged)",
                       estimated.empty() ? "" : "; m of " + estimated);
  }
  out << fmt::format(
      "  expected matching pairs {:.0f}; prior for a random pair {:.3g} "
      "({:+.2f} bits)\n",
      model.expected_matches, model.prior, model.PriorWeight());
  out << fmt::format("  {:<14} {:<32} {:>9} {:>11} {:>8}\n", "comparison", "level", "m", "u",
                     "bits");
  for (std::size_t c = 0; c < model.comparisons.size(); ++c) {
    const auto& p = model.comparisons[c];
    if (p.no_data) {
      out << fmt::format("  {:<14} (no record has it: weighs nothing)\n", p.name);
      continue;
    }
    if (p.constant) {
      out << fmt::format("  {:<14} (one value in every record that has it: weighs nothing)\n",
                         p.name);
      continue;
    }
    for (std::size_t l = 1; l < p.levels.size(); ++l) {
      out << fmt::format("  {:<14} {:<32} {:>9.4f} {:>11.3g} {:>+8.2f}\n", l == 1 ? p.name : "",
                         p.levels[l], p.m[l], p.u[l], model.LevelWeight(c, static_cast<int>(l)));
    }
  }
}

// The name of the deduplicated source with the given bit (bit k: deduplicated_sources[k]).
std::string DeduplicatedName(const link::LinkConfig& config, std::uint64_t bit) {
  const auto k = static_cast<std::size_t>(std::countr_zero(bit));
  return k < config.deduplicated_sources.size() ? config.deduplicated_sources[k] : "?";
}

nlohmann::json RuleCountsJson(const std::vector<link::RuleCount>& rules) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& rule : rules) {
    out.push_back({{"rule", rule.rule},
                   {"comparisons", rule.comparisons},
                   {"blocks", rule.blocks},
                   {"largest_block", rule.largest_block},
                   {"oversized_blocks", rule.oversized_blocks},
                   {"oversized_records", rule.oversized_records},
                   {"skipped", rule.skipped},
                   {"advice", rule.advice}});
  }
  return out;
}

nlohmann::json ModelJson(const link::FsModel& model) {
  nlohmann::json out;
  out["prior"] = model.prior;
  out["prior_weight"] = model.PriorWeight();
  out["expected_matches"] = model.expected_matches;
  out["sessions"] = nlohmann::json::array();
  for (const auto& s : model.sessions) {
    out["sessions"].push_back({{"rule", s.rule},
                               {"estimated", s.estimated},
                               {"pairs", s.pairs},
                               {"match_share", s.match_share},
                               {"iterations", s.iterations},
                               {"converged", s.converged}});
  }
  out["em_iterations"] = model.em_iterations;
  out["em_converged"] = model.em_converged;
  out["u_sampled_pairs"] = model.u_sampled_pairs;
  out["comparisons"] = nlohmann::json::array();
  for (std::size_t c = 0; c < model.comparisons.size(); ++c) {
    const auto& p = model.comparisons[c];
    nlohmann::json levels = nlohmann::json::array();
    for (std::size_t l = 1; l < p.levels.size(); ++l) {
      levels.push_back({{"level", p.levels[l]},
                        {"m", p.m[l]},
                        {"u", p.u[l]},
                        {"weight", model.LevelWeight(c, static_cast<int>(l))}});
    }
    out["comparisons"].push_back(
        {{"name", p.name}, {"no_data", p.no_data}, {"constant", p.constant}, {"levels", levels}});
  }
  return out;
}

nlohmann::json EvaluationJson(const link::Evaluation& e) {
  return {{"records", e.records},
          {"records_not_in_truth", e.records_not_in_truth},
          {"pairwise",
           {{"precision", e.pairwise.precision},
            {"recall", e.pairwise.recall},
            {"f1", e.pairwise.f1},
            {"true_positives", e.pairwise.true_positives},
            {"predicted_pairs", e.pairwise.predicted_pairs},
            {"true_pairs", e.pairwise.true_pairs}}},
          {"clusters",
           {{"bcubed_precision", e.clusters.bcubed_precision},
            {"bcubed_recall", e.clusters.bcubed_recall},
            {"bcubed_f1", e.clusters.bcubed_f1},
            {"exact_share", e.clusters.exact_share},
            {"persons", e.clusters.clusters},
            {"true_persons", e.clusters.entities}}}};
}

void PrintEvaluation(const link::Evaluation& e, std::ostream& out) {
  out << fmt::format("Against the truth ({} records{}):\n", Thousands(e.records),
                     e.records_not_in_truth > 0 ? fmt::format(", {} not in the truth file",
                                                              Thousands(e.records_not_in_truth))
                                                : "");
  out << fmt::format(
      "  pairs:    precision {:.4f}  recall {:.4f}  F1 {:.4f}  ({} of {} true "
      "pairs found, {} linked)\n",
      e.pairwise.precision, e.pairwise.recall, e.pairwise.f1, Thousands(e.pairwise.true_positives),
      Thousands(e.pairwise.true_pairs), Thousands(e.pairwise.predicted_pairs));
  out << fmt::format("  B-cubed:  precision {:.4f}  recall {:.4f}  F1 {:.4f}\n",
                     e.clusters.bcubed_precision, e.clusters.bcubed_recall, e.clusters.bcubed_f1);
  out << fmt::format("  persons:  {} found, {} true ({:+.2f}%); {:.2f}% of true persons exact\n",
                     Thousands(e.clusters.clusters), Thousands(e.clusters.entities),
                     e.clusters.entities > 0 ? 100.0 * (e.clusters.clusters - e.clusters.entities) /
                                                   static_cast<double>(e.clusters.entities)
                                             : 0.0,
                     100 * e.clusters.exact_share);
}

// How the config set the personal-id guard.
std::string PersonalIdGuardName(link::PersonalIdGuard guard) {
  switch (guard) {
    case link::PersonalIdGuard::kOn:
      return "on by the link config";
    case link::PersonalIdGuard::kOff:
      return "off by the link config";
    case link::PersonalIdGuard::kAuto:
      break;
  }
  return fmt::format("auto: on where ids of one person differ in at most {:g}% of its pairs",
                     100 * link::kIdsRarelyDisagree);
}

// The labels of a clerical review as the linkage applied them (zicht review).
void PrintReviewOutcome(const link::ReviewOutcome& r, std::ostream& out) {
  out << fmt::format(
      "\nClerical review: {} of {} labels apply (both records in the store): {} matches joined, "
      "{} non-matches kept apart",
      r.applied, r.labels, r.must_links - r.must_links_refused, r.cannot_links);
  if (r.must_links_refused > 0) {
    out << fmt::format("; {} matches not joined, as they contradict a non-match label",
                       r.must_links_refused);
  }
  out << "\n" << ReviewSummaryText(r.summary, "  ");
}

nlohmann::json ReviewOutcomeJson(const link::ReviewOutcome& r) {
  nlohmann::json out = ReviewSummaryJson(r.summary);
  out["applied"] = r.applied;
  out["must_links"] = r.must_links;
  out["must_links_refused"] = r.must_links_refused;
  out["cannot_links"] = r.cannot_links;
  return out;
}

int Explain(store::Store& store, const LinkFlags& flags) {
  auto explanation = link::ExplainPair(store, flags.explain[0], flags.explain[1]);
  if (!explanation.ok()) Fail(explanation.status());
  const link::Explanation& e = *explanation;
  if (flags.json) {
    nlohmann::json out;
    out["prior_weight"] = e.prior_weight;
    for (const auto& s : e.steps) {
      out["steps"].push_back({{"comparison", s.comparison},
                              {"level", s.level},
                              {"m", s.m},
                              {"u", s.u},
                              {"weight", s.weight},
                              {"tf_adjustment", s.tf_adjustment}});
    }
    out["total"] = e.total;
    out["probability"] = e.probability;
    out["threshold"] = e.threshold;
    out["stored_weight"] = e.stored_weight ? nlohmann::json(*e.stored_weight) : nullptr;
    out["same_person"] = e.person_a != 0 && e.person_a == e.person_b;
    out["across_deduplicated"] = e.across_deduplicated;
    out["deduplicated_rule"] =
        e.deduplicated_rule.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.deduplicated_rule);
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << fmt::format("{} and {}\n", flags.explain[0], flags.explain[1]);
  std::cout << fmt::format("  {:<14} {:<32} {:>9} {:>11} {:>8} {:>8} {:>9}\n", "comparison",
                           "level", "m", "u", "bits", "tf adj", "running");
  double running = e.prior_weight;
  std::cout << fmt::format("  {:<14} {:<32} {:>9} {:>11} {:>+8.2f} {:>8} {:>+9.2f}\n", "prior", "",
                           "", "", e.prior_weight, "", running);
  for (const auto& s : e.steps) {
    running += s.weight + s.tf_adjustment;
    const bool missing = s.level == "missing";
    std::cout << fmt::format(
        "  {:<14} {:<32} {:>9} {:>11} {:>+8.2f} {:>8} {:>+9.2f}\n", s.comparison, s.level,
        missing ? "" : fmt::format("{:.4f}", s.m), missing ? "" : fmt::format("{:.3g}", s.u),
        s.weight, s.tf_adjustment != 0 ? fmt::format("{:+.2f}", s.tf_adjustment) : "", running);
  }
  std::cout << fmt::format(
      "  total match weight {:+.2f} bits, match probability {:.6f} "
      "(links at {})\n",
      e.total, e.probability, e.threshold);
  if (e.stored_weight) {
    std::cout << fmt::format("  the linkage scored this pair {:+.2f} bits\n", *e.stored_weight);
  } else {
    std::cout << "  the linkage did not score this pair (not a candidate under the blocking "
                 "rules, or below the kept range)\n";
  }
  std::cout << (e.person_a != 0 && e.person_a == e.person_b ? "  linked: the same person\n"
                                                            : "  not linked\n");
  if (!e.deduplicated_rule.empty()) {
    std::cout << "  refused by [sources] deduplicated: " << e.deduplicated_rule << "\n";
  }
  if (e.across_deduplicated) {
    std::cout << "  across two deduplicated sources: the linkage weighed this pair against its "
                 "records' other candidates there, not by this score alone\n";
  }
  return 0;
}

int Run(const LinkFlags& flags) {
  // --explain and --count-only only read.
  const bool writes = flags.explain.empty() && !flags.count_only;
  auto store = store::OpenSqliteStore(flags.db, StoreOptions(writes, flags.wait));
  if (!store.ok()) Fail(store.status());
  if (!flags.explain.empty()) return Explain(**store, flags);

  link::LinkConfig config = link::DefaultLinkConfig();
  if (!flags.config.empty()) {
    auto loaded = link::LoadLinkConfig(flags.config);
    if (!loaded.ok()) Fail(loaded.status());
    config = std::move(*loaded);
  }
  // Read before linking, so a bad truth file fails fast.
  std::unique_ptr<link::TruthMap> truth;
  if (!flags.truth.empty()) {
    auto read = link::ReadTruth(flags.truth);
    if (!read.ok()) Fail(read.status());
    truth = std::make_unique<link::TruthMap>(std::move(*read));
  }

  if (flags.count_only) {
    auto records = link::LoadLinkRecords(**store);
    if (!records.ok()) Fail(records.status());
    const auto rules = link::CountComparisons(*records, config);
    if (!flags.json) {
      PrintRuleCounts(rules, std::cout);
      return 0;
    }
    std::cout << RuleCountsJson(rules).dump(2) << "\n";
    return 0;
  }

  ProgressLine progress;
  link::LinkCallbacks callbacks;
  callbacks.progress = [&](std::string_view stage, double done) {
    progress.Update(fmt::format("zicht link: {} {:3.0f}%", stage, 100 * done));
  };
  callbacks.blocking_counted = [&](const std::vector<link::RuleCount>& rules) {
    progress.Finish();
    PrintRuleCounts(rules, flags.json ? std::cerr : std::cout);
  };
  auto linked =
      link::LinkStore(**store, config, callbacks, flags.m_from_truth ? truth.get() : nullptr);
  progress.Finish();
  if (!linked.ok()) Fail(linked.status());
  const link::StoreLinkResult& r = *linked;
  const link::LinkResult& l = r.link;

  std::optional<link::Evaluation> evaluation;
  if (truth) {
    std::vector<link::LinkedRecord> records;
    auto visited = (*store)->ForEachRecord([&](const Record& record) {
      records.push_back({{record.source, record.source_record_id}, record.person_id});
      return Status::Ok();
    });
    if (!visited.ok()) Fail(visited);
    evaluation = link::Evaluate(records, *truth);
  }

  for (const std::string& name : l.unknown_deduplicated_sources) {
    std::cerr << fmt::format(
        "zicht link: warning: [sources] deduplicated names {}, but no record comes from a source "
        "of that name; the rule does nothing for it\n",
        name);
  }
  std::int64_t flagged = static_cast<std::int64_t>(l.clustering.flagged.size());
  if (flags.json) {
    nlohmann::json out;
    out["records"] = r.records;
    out["blocking"] = RuleCountsJson(l.rules);
    out["candidate_pairs"] = l.candidate_pairs;
    // Without candidate pairs EM has nothing to fit: every record is its own person.
    out["model_fitted"] = l.candidate_pairs > 0;
    out["model"] = ModelJson(l.model);
    out["threshold"] = config.threshold;
    out["threshold_weight"] = l.threshold_weight;
    out["pairs_kept"] = l.kept_pairs.size();
    out["persons"] = l.clustering.clusters;
    nlohmann::json sizes = nlohmann::json::object();
    for (const auto& [size, count] : l.clustering.size_histogram) {
      sizes[std::to_string(size)] = count;
    }
    out["cluster_sizes"] = sizes;
    out["guard"] = {{"personal_id", l.personal_id_guard},
                    {"personal_id_setting", PersonalIdGuardName(config.guard_personal_id)},
                    {"ids_disagree_within_person",
                     l.ids_disagree_within_person ? nlohmann::json(*l.ids_disagree_within_person)
                                                  : nlohmann::json(nullptr)},
                    {"refused_personal_id", l.clustering.refused_personal_id},
                    {"refused_size", l.clustering.refused_size},
                    {"refused_conflict", l.clustering.refused_conflict},
                    {"refused_deduplicated", l.clustering.refused_deduplicated},
                    {"flagged_persons", flagged}};
    out["partner_shares"] = nlohmann::json::array();
    for (const auto& share : l.partner_shares) {
      out["partner_shares"].push_back({{"from", DeduplicatedName(config, share.from)},
                                       {"to", DeduplicatedName(config, share.to)},
                                       {"share", share.share}});
    }
    out["validated_personal_id"] = config.validated_personal_id_sources;
    out["person_ids"] = {{"kept", r.persons.kept}, {"created", r.persons.created}};
    out["seconds"] = {{"loading", r.seconds_loading},       {"blocking", l.seconds_blocking},
                      {"model", l.seconds_model},           {"scoring", l.seconds_scoring},
                      {"clustering", l.seconds_clustering}, {"writing", r.seconds_writing}};
    if (evaluation) out["evaluation"] = EvaluationJson(*evaluation);
    if (l.review) out["review"] = ReviewOutcomeJson(*l.review);
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << fmt::format("Candidate pairs: {} (the union of the rules)\n\n",
                           Thousands(l.candidate_pairs));
  if (l.candidate_pairs == 0) {
    // EM has nothing to learn from: say so rather than print its starting values as weights.
    std::cout << "No two records share a blocking key (no identifier the rules block on is "
                 "present, or no two records agree on one): every record stays its own person, "
                 "and no model was fitted.\n";
  } else {
    PrintModel(l.model, std::cout);
  }
  std::cout << fmt::format(
      "\nLinked {} records into {} persons at match probability {} "
      "({:+.2f} bits); {} scored pairs kept\n",
      Thousands(static_cast<std::int64_t>(r.records)), Thousands(l.clustering.clusters),
      config.threshold, l.threshold_weight,
      Thousands(static_cast<std::int64_t>(l.kept_pairs.size())));
  std::cout << "  records per person:";
  for (const auto& [size, count] : l.clustering.size_histogram) {
    std::cout << fmt::format(" {}: {}", size, Thousands(count));
  }
  std::cout << "\n";
  std::cout << fmt::format(
      "  guard: {} links refused for joining different personal ids, {} for "
      "size above {}, {} for records in conflict or a weak mean weight; {} persons flagged\n",
      l.clustering.refused_personal_id, l.clustering.refused_size, config.max_cluster_size,
      l.clustering.refused_conflict, flagged);
  std::cout << fmt::format("  personal-id guard: {} ({}{})\n", l.personal_id_guard ? "on" : "off",
                           PersonalIdGuardName(config.guard_personal_id),
                           l.ids_disagree_within_person
                               ? fmt::format("; the ids of one person differ in {:.1f}% of its "
                                             "pairs, as fitted",
                                             100 * *l.ids_disagree_within_person)
                               : std::string("; no personal ids to compare"));
  if (!config.deduplicated_sources.empty()) {
    std::cout << fmt::format(
        "  deduplicated sources ({}): {} links refused that would give a person two records of "
        "one of them\n",
        fmt::join(config.deduplicated_sources, ", "), l.clustering.refused_deduplicated);
    for (const auto& share : l.partner_shares) {
      std::cout << fmt::format(
          "    {:.1f}% of {}'s records have a partner in {}, as fitted; a pair across weighs "
          "against its records' other candidates there\n",
          100 * share.share, DeduplicatedName(config, share.from),
          DeduplicatedName(config, share.to));
    }
  }
  if (!config.validated_personal_id_sources.empty()) {
    std::cout << fmt::format(
        "  validated personal ids ({}): two different ones are never joined, whatever the "
        "model says\n",
        fmt::join(config.validated_personal_id_sources, ", "));
  }
  std::cout << fmt::format("  person ids: {} kept from the last linkage, {} new\n",
                           Thousands(r.persons.kept), Thousands(r.persons.created));
  if (l.review) PrintReviewOutcome(*l.review, std::cout);
  if (evaluation) {
    std::cout << "\n";
    PrintEvaluation(*evaluation, std::cout);
  }
  return 0;
}

}  // namespace

void RegisterLink(CLI::App& app) {
  auto flags = std::make_shared<LinkFlags>();
  CLI::App* command = app.add_subcommand(
      "link",
      "Link the store's records, within and across sources, into persons: blocking, then a\n"
      "Fellegi-Sunter model (u from random pairs, m by EM) on the pseudonymised encodings,\n"
      "then clusters with a guard against chaining. Writes a person id per record and the\n"
      "scored pairs; person ids stay stable across runs where the evidence has not changed.\n"
      "--explain shows how one pair's score is made up. See docs/linkage.md.\n\n"
      "Examples:\n"
      "  zicht link --db monitor.db\n"
      "  zicht link --db monitor.db --config link.toml --truth truth.csv --json\n"
      "  zicht link --db monitor.db --config link.toml --count\n"
      "  zicht link --db world.db --truth world/truth.csv --m-from-truth\n"
      "  zicht link --db monitor.db --explain police:P-0012 shelter:S-0345\n\n"
      "Labels of a clerical review (zicht review) apply on every run: a pair labelled a match is\n"
      "joined, a non-match is kept apart, and precision and recall are estimated from them.");
  command->add_option("--db", flags->db, "The store")->required();
  command->add_option("--config", flags->config, "Link settings (TOML; see docs/linkage.md)")
      ->check(CLI::ExistingFile);
  command
      ->add_option("--truth", flags->truth,
                   "CSV with source, source_record_id, entity_id: evaluate the linkage")
      ->check(CLI::ExistingFile);
  command
      ->add_option("--explain", flags->explain,
                   "Two records as SOURCE:RECORD_ID: the waterfall of their match weight")
      ->expected(2);
  command
      ->add_flag("--m-from-truth", flags->m_from_truth,
                 "Take m and the prior from the --truth file's labels instead of EM: for a "
                 "register with a reviewed sample, or to see what the model could reach "
                 "with its true parameters")
      ->needs("--truth");
  command->add_flag("--count", flags->count_only,
                    "Only count the comparisons each blocking rule would generate");
  command->add_flag("--json", flags->json, "Print JSON");
  AddWaitOption(*command, flags->wait);
  command->callback([flags] {
    const int code = Run(*flags);
    if (code != 0) throw CommandExit{code};
  });
}

}  // namespace zicht::app

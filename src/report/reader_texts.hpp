// Words for readers of the names that earlier stages give for programs: the estimate's
// methods, models, warnings and reasons, and the linkage's comparisons and levels. The
// names themselves stay as they are in the store, the tables and the JSON; only what the
// page shows is worded here, in English or in Dutch.
//
// Thread safety: pure functions; safe to call from several threads at once.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "zicht/report/report_data.hpp"

namespace zicht::report::internal {

enum class Language { kEnglish, kDutch };

// "nl" is Dutch; anything else English.
Language LanguageOf(std::string_view lang);

// A method of the estimate by its id ("stepwise", "aic", "average (AIC)", "latent-class",
// ...), e.g. "gemiddelde over modellen (AIC)". An unknown id is returned as it is.
std::string MethodLabel(std::string_view method, Language language);

// The reader's name of a list of the estimate (a kind of source, or a list of the lists
// config), e.g. "police" -> "Politie".
using ListLabel = std::function<std::string(const std::string&)>;

// The model behind an estimate, from its parts (not from the estimator's English text):
// "43 modellen, beste: Politie × Zorg, Zorg × Chat (gewicht 0,102)" for a model average,
// the interactions of a single log-linear model, or latent classes. Empty for a method
// without an estimate.
std::string ModelDescription(const YearEstimate& estimate, const ListLabel& list_label,
                             Language language);

// A warning or a reason of the estimate. English: the text as it is. Dutch: each known
// phrase in it, in Dutch with its numbers; a text with no known phrase gets a general
// Dutch sentence (`is_reason`: that the method gives no estimate; else that it warns), so
// that no English reaches a Dutch page.
std::string EstimateNote(const std::string& note, bool is_reason, Language language);

// A comparison of the linkage model by its name ("family_name"), e.g. "achternaam".
std::string ComparisonLabel(std::string_view comparison, Language language);
// A level of a comparison by its name ("exact", "dice >= 0.9", "within 30 days"), e.g.
// "Dice ≥ 0,9". An unknown level is returned as it is.
std::string LevelLabel(std::string_view level, Language language);

}  // namespace zicht::report::internal

#include "report/reader_texts.hpp"

#include <fmt/args.h>
#include <fmt/format.h>

#include <array>
#include <optional>
#include <utility>
#include <vector>

namespace zicht::report::internal {
namespace {

struct Wording {
  std::string_view name;
  std::string_view en;
  std::string_view nl;
};

std::string_view Pick(const Wording& w, Language language) {
  return language == Language::kDutch ? w.nl : w.en;
}

template <std::size_t N>
const Wording* FindWording(const std::array<Wording, N>& table, std::string_view name) {
  for (const Wording& w : table) {
    if (w.name == name) return &w;
  }
  return nullptr;
}

constexpr std::array<Wording, 7> kMethods = {{
    {"stepwise", "stepwise selection", "stapsgewijs gekozen model"},
    {"aic", "best model by AIC", "beste model naar AIC"},
    {"bic", "best model by BIC", "beste model naar BIC"},
    {"average (AIC)", "average over models (AIC)", "gemiddelde over modellen (AIC)"},
    {"average (BIC)", "average over models (BIC)", "gemiddelde over modellen (BIC)"},
    {"model", "given model", "opgegeven model"},
    {"latent-class", "latent classes (LCMCR)", "latente klassen (LCMCR)"},
}};

constexpr std::array<Wording, 13> kComparisons = {{
    {"given_name", "given name", "voornaam"},
    {"family_name", "family name", "achternaam"},
    {"date_of_birth", "date of birth", "geboortedatum"},
    {"birth_year", "birth year", "geboortejaar"},
    {"personal_id", "personal number", "persoonsnummer"},
    {"phone", "phone", "telefoonnummer"},
    {"email", "e-mail", "e-mailadres"},
    {"gender", "gender", "geslacht"},
    {"nationality", "nationality", "nationaliteit"},
    {"sector", "sector", "sector"},
    {"exploitation_form", "form of exploitation", "uitbuitingsvorm"},
    {"domestic", "domestic or cross-border", "binnenlands of grensoverschrijdend"},
    {"registration_date", "registration date", "registratiedatum"},
}};

constexpr std::array<Wording, 18> kLevels = {{
    {"missing", "missing", "ontbreekt"},
    {"exact", "exact", "precies gelijk"},
    {"variant (nickname or spelling)", "variant (nickname or spelling)",
     "variant (roepnaam of spelling)"},
    {"swapped with the other name", "swapped with the other name", "verwisseld met de andere naam"},
    {"different", "different", "verschillend"},
    {"day and month swapped", "day and month swapped", "dag en maand verwisseld"},
    {"one of day, month, year differs", "one of day, month, year differs",
     "dag, maand of jaar verschilt"},
    {"same birth year", "same birth year", "zelfde geboortejaar"},
    {"birth years 1 apart", "birth years 1 apart", "geboortejaren 1 uit elkaar"},
    {"birth years 2 or more apart", "birth years 2 or more apart",
     "geboortejaren 2 of meer uit elkaar"},
    {"possible birth days overlap", "possible birth days overlap",
     "mogelijke geboortedagen overlappen"},
    {"up to a year apart", "up to a year apart", "hooguit een jaar uit elkaar"},
    {"more than a year apart", "more than a year apart", "meer dan een jaar uit elkaar"},
    {"agree", "agree", "gelijk"},
    {"disagree", "disagree", "ongelijk"},
    {"same forms", "same forms", "dezelfde vormen"},
    {"a form in common", "a form in common", "een vorm gemeen"},
    {"no form in common", "no form in common", "geen vorm gemeen"},
}};

// Numbers in Dutch: a decimal comma, and "1,580" (a thousands comma) as "1.580". Only
// digits and separators are touched.
std::string DutchNumber(const std::string& number) {
  std::string out = number;
  for (char& c : out) {
    if (c == '.') {
      c = ',';
    } else if (c == ',') {
      c = '.';
    }
  }
  return out;
}

std::string DecimalText(double value, int digits, Language language) {
  const std::string text = fmt::format("{:.{}f}", value, digits);
  return language == Language::kDutch ? DutchNumber(text) : text;
}

std::string TermsText(const std::vector<std::vector<std::string>>& terms,
                      const ListLabel& list_label) {
  std::string out;
  for (const std::vector<std::string>& term : terms) {
    std::string joined;
    for (const std::string& list : term) {
      joined += (joined.empty() ? "" : " × ") + list_label(list);
    }
    out += (out.empty() ? "" : ", ") + joined;
  }
  return out;
}

// A phrase the estimate writes, and the same in Dutch. In `english`, each "{}" stands for
// one word of the note (a number, a criterion), never at the end of the phrase; `dutch` is
// a fmt format whose {0}, {1}, ... are those words, numbers in Dutch.
struct KnownPhrase {
  const char* english;
  const char* dutch;
};

constexpr std::array<KnownPhrase, 18> kKnownPhrases = {{
    {"a model average has no single likelihood",
     "een modelgemiddelde heeft geen enkele aannemelijkheidsfunctie: het interval is het "
     "log-normale interval over de modellen van Buckland, Burnham en Augustin (1997)"},
    {"models within 2 {} units of the best give estimates from {} to {}:",
     "modellen binnen 2 {0}-eenheden van het beste geven schattingen van {1} tot {2}: de "
     "keuze van het model weegt zwaarder dan het interval laat zien"},
    {"the profile likelihood does not fall far enough below its maximum up to {}:",
     "de profielaannemelijkheid daalt tot {0} niet ver genoeg onder haar maximum: de "
     "bovengrens is onbegrensd"},
    {"--max-order was lowered", "de hoogste orde van de interacties is verlaagd tot k − 1"},
    {"with 2 lists a latent-class model is not identifiable",
     "met 2 lijsten is een model met latente klassen niet identificeerbaar: de schatting "
     "berust op de a-priorikansen"},
    {"in {} of {} iterations the unobserved count reached its cap of {}:",
     "in {0} van {1} iteraties bereikte het niet-waargenomen aantal zijn maximum van {2}: de "
     "tabel zegt niets over hoeveel personen gemist zijn (overlappen de lijsten?), dus de "
     "schatting bestaat niet"},
    {"the chains have not mixed; do not quote this estimate (R-hat {}, needs <= {}; effective "
     "sample size {} bulk and {} tail, needs >= {})",
     "de ketens zijn niet gemengd; noem deze schatting niet (R-hat {0}, nodig ten hoogste {1}; "
     "effectieve steekproefomvang {2} voor het midden en {3} voor de staarten, nodig ten "
     "minste {4}): draai meer iteraties"},
    {"on average {} of the {} latent classes hold at least 1%",
     "gemiddeld {0} van de {1} latente klassen bevatten minstens 1% van de populatie: de "
     "afkapping kan te krap zijn; verhoog max_classes"},
    {"the latent-class interval is always",
     "het interval van de latente klassen is altijd dat van het 2,5%- tot het "
     "97,5%-kwantiel van de a-posterioriverdeling"},
    {"nobody: its term is fixed at minus infinity",
     "een lijst of paar lijsten zonder personen: die term staat vast op min oneindig en de "
     "geschiedenissen met die term tellen niet mee"},
    {"replicates had no estimate and were left out",
     "bootstrapherhalingen zonder schatting zijn weggelaten"},
    {"a leave-one-out estimate failed",
     "een schatting zonder één waarneming mislukte; de versnelling is op 0 gezet"},
    {"the maximum-likelihood estimate does not exist for this model",
     "de meest aannemelijke schatting bestaat niet voor dit model: sommige verwachte "
     "aantallen, en daarmee het niet-waargenomen aantal, lopen weg naar een rand; laat een "
     "interactie tussen lijsten met weinig overlap weg"},
    {"the model is not identifiable for these data",
     "het model is voor deze gegevens niet identificeerbaar; pas minder interacties toe"},
    {"no model in the search has an estimate that exists",
     "geen enkel model in de zoektocht heeft een schatting die bestaat en identificeerbaar "
     "is; de lijsten overlappen te weinig voor een schatting met meerdere bronnen"},
    {"needs at least two lists",
     "een schatting met meerdere bronnen heeft minstens twee lijsten nodig"},
    {"bootstrap replicates gave an estimate; the data are too sparse",
     "te weinig bootstrapherhalingen gaven een schatting; de gegevens zijn te dun voor een "
     "bootstrapinterval"},
    {"the table holds no observed persons", "de tabel bevat geen waargenomen personen"},
}};

// The words of `note` at the "{}" of `english`, or nullopt when the phrase is not in it.
std::optional<std::vector<std::string>> MatchPhrase(std::string_view note,
                                                    std::string_view english) {
  std::vector<std::string_view> pieces;
  for (std::size_t from = 0;;) {
    const std::size_t hole = english.find("{}", from);
    pieces.push_back(english.substr(from, hole == std::string_view::npos ? hole : hole - from));
    if (hole == std::string_view::npos) break;
    from = hole + 2;
  }
  std::size_t at = note.find(pieces.front());
  if (at == std::string_view::npos) return std::nullopt;
  at += pieces.front().size();
  std::vector<std::string> words;
  for (std::size_t p = 1; p < pieces.size(); ++p) {
    const std::size_t next = note.find(pieces[p], at);
    if (next == std::string_view::npos || next == at) return std::nullopt;
    const std::string_view word = note.substr(at, next - at);
    if (word.find(' ') != std::string_view::npos) return std::nullopt;
    words.emplace_back(word);
    at = next + pieces[p].size();
  }
  return words;
}

std::string DutchPhrase(const KnownPhrase& phrase, const std::vector<std::string>& words) {
  fmt::dynamic_format_arg_store<fmt::format_context> args;
  for (const std::string& word : words) args.push_back(DutchNumber(word));
  return fmt::vformat(phrase.dutch, args);
}

std::vector<std::string> DutchPhrasesIn(const std::string& note) {
  std::vector<std::string> found;
  for (const KnownPhrase& phrase : kKnownPhrases) {
    if (const auto words = MatchPhrase(note, phrase.english)) {
      found.push_back(DutchPhrase(phrase, *words));
    }
  }
  return found;
}

// "within 30 days" -> "30": the word at the "{}" of a one-hole pattern, matching the whole
// of `text`.
std::optional<std::string> WholeMatch(std::string_view text, std::string_view prefix,
                                      std::string_view suffix) {
  if (text.size() <= prefix.size() + suffix.size() || !text.starts_with(prefix) ||
      !text.ends_with(suffix)) {
    return std::nullopt;
  }
  return std::string(text.substr(prefix.size(), text.size() - prefix.size() - suffix.size()));
}

}  // namespace

Language LanguageOf(std::string_view lang) {
  return lang == "nl" ? Language::kDutch : Language::kEnglish;
}

std::string MethodLabel(std::string_view method, Language language) {
  const Wording* w = FindWording(kMethods, method);
  return std::string(w != nullptr ? Pick(*w, language) : method);
}

std::string ModelDescription(const YearEstimate& estimate, const ListLabel& list_label,
                             Language language) {
  if (!estimate.has_estimate) return "";
  const bool dutch = language == Language::kDutch;
  if (estimate.method == "latent-class") {
    return dutch ? "latente klassen met een Dirichlet-proces" : "Dirichlet-process latent classes";
  }
  const std::string terms = TermsText(estimate.generating_terms, list_label);
  if (estimate.models_averaged > 0) {
    const std::string best =
        terms.empty() ? (dutch ? "alleen hoofdeffecten" : "main effects only") : terms;
    return fmt::format(fmt::runtime(dutch ? "{} modellen, beste: {} (gewicht {})"
                                          : "{} models, best: {} (weight {})"),
                       estimate.models_averaged, best,
                       DecimalText(estimate.top_weight, 3, language));
  }
  if (terms.empty()) {
    return dutch ? "alleen hoofdeffecten (onafhankelijke lijsten)"
                 : "main effects only (independent lists)";
  }
  return (dutch ? "interacties: " : "interactions: ") + terms;
}

std::string EstimateNote(const std::string& note, bool is_reason, Language language) {
  if (language == Language::kEnglish || note.empty()) return note;
  const std::vector<std::string> phrases = DutchPhrasesIn(note);
  if (phrases.empty()) {
    return is_reason ? "deze methode geeft voor deze gegevens geen schatting"
                     : "deze methode geeft een waarschuwing; `zicht estimate` toont haar";
  }
  return fmt::format("{}", fmt::join(phrases, "; "));
}

std::string ComparisonLabel(std::string_view comparison, Language language) {
  const Wording* w = FindWording(kComparisons, comparison);
  return std::string(w != nullptr ? Pick(*w, language) : comparison);
}

std::string LevelLabel(std::string_view level, Language language) {
  if (const Wording* w = FindWording(kLevels, level)) return std::string(Pick(*w, language));
  const bool dutch = language == Language::kDutch;
  if (const auto threshold = WholeMatch(level, "dice >= ", "")) {
    return "Dice ≥ " + (dutch ? DutchNumber(*threshold) : *threshold);
  }
  if (const auto days = WholeMatch(level, "within ", " days")) {
    return fmt::format(fmt::runtime(dutch ? "binnen {} dagen" : "within {} days"), *days);
  }
  if (const auto days = WholeMatch(level, "more than ", " days apart")) {
    return fmt::format(
        fmt::runtime(dutch ? "meer dan {} dagen uit elkaar" : "more than {} days apart"), *days);
  }
  return std::string(level);
}

}  // namespace zicht::report::internal

// The report's page: key figures, charts and tables in English or Dutch, from data that
// has been through disclosure control.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "report/reader_texts.hpp"
#include "zicht/report/charts.hpp"
#include "zicht/report/report.hpp"

namespace zicht::report {
namespace {

// The words of the page in one language.
struct Texts {
  const char* title;          // {first}-{last}
  const char* subtitle;       // {sources}
  const char* registered_in;  // {year}
  const char* persons_note;
  const char* minors_in;        // {year}
  const char* less_visible_in;  // {period}
  const char* less_visible_note;
  const char* estimated_in;  // {year}
  const char* no_estimate;
  const char* interval;  // {lower} {upper}
  const char* sources_label;
  const char* sources_note;
  const char* unbounded;
  // Sections.
  const char* s_registered;
  const char* s_registered_intro;
  const char* s_minors;
  const char* s_minors_intro;
  const char* s_forms;
  const char* s_forms_intro;  // {year}
  const char* s_sexual;
  const char* s_sexual_intro;
  const char* s_persons;
  const char* s_sources;
  const char* s_sources_intro;
  const char* s_estimate;
  const char* s_estimate_intro;  // {lists} {method}
  const char* method_average;
  const char* method_stepwise;
  const char* s_linkage;
  const char* s_linkage_intro;  // {records} {persons} {threshold}
  const char* s_linkage_none;
  const char* s_more;
  const char* s_methods;
  const char* methods_html;  // {threshold}
  const char* earlier;
  const char* hidden;  // where a share or a count of a chart is hidden
  const char* footer;  // {threshold}
  // Chart words.
  const char* year;
  const char* period;
  const char* persons;
  const char* pairs;
  const char* share_minors;
  const char* interval95;
  const char* share;
  const char* visibility;
  const char* form;
  const char* domestic_or_not;
  const char* registered;
  const char* estimated;
  const char* dark_number;
  const char* reported_by;
  const char* combination;
  const char* match_weight;
  const char* link_threshold;
  const char* probability;
  const char* level;
  const char* comparison;
  const char* m;
  const char* u;
  const char* weight;
  const char* estimate_axis;
  const char* method;
  const char* note;
  // Chart titles and captions.
  const char* c_registered;
  const char* c_registered_caption;
  const char* c_minors;
  const char* c_minors_caption;
  const char* c_visibility;
  const char* c_visibility_caption;
  const char* c_forms;  // {year}
  const char* c_forms_caption;
  const char* c_overlap;
  const char* c_overlap_caption;
  const char* c_weights;
  const char* c_weights_caption;
  const char* c_mu;
  const char* c_mu_caption;
  const char* c_sensitivity;  // {year}
  const char* c_sensitivity_caption;
  const char* c_sizes;
  const char* c_sizes_caption;
  const char* records_per_person;
  const char* or_more;      // {records}
  const char* c_waterfall;  // {above or below} {probability}
  const char* c_waterfall_caption;
  const char* above;
  const char* below;
  const char* prior;
  const char* total;
  const char* step;
  char thousands;
  char decimal;
  const char* model_heading;  // the estimate table's column of models
  // The interval with the linkage's uncertainty (linkage draws).
  const char* interval_linkage;  // {lower} {upper} {share}: the key figure's line
  const char* linkage_heading;   // the estimate table's column of it
  const char* linkage_share;     // {share}: the linkage's part of its width
  const char* linkage_note;      // {draws}: below the table
  // The clerical review: precision {} ({} to {}), recall {} ({} to {}); the pairs reviewed.
  const char* review;
  const char* review_pairs;  // {pairs}
};

constexpr Texts kEnglish = {
    "Victim monitor {}–{}",
    "Presumed victims of human trafficking: registered persons, linked across {} reporting "
    "organisations, and the estimated total",
    "Registered presumed victims, {}",
    "persons, not records",
    "Minors among them, {}",
    "Less visible sectors, {}",
    "of sexual exploitation with a known sector",
    "Estimated victims, {}",
    "no estimate",
    "95% interval {} to {}",
    "Reporting organisations",
    "that registered presumed victims",
    "unbounded",
    "Registered and estimated",
    "Each person counts once a year, however many organisations registered them. The "
    "estimate adds the victims that no organisation registered, from the overlap between "
    "the organisations' registrations.",
    "Minors",
    "The share of minors among the persons whose age is known, with its 95% interval.",
    "Forms of exploitation",
    "A person can suffer more than one form of exploitation, so the forms add up to more "
    "than the persons. The chart shows {}.",
    "Sexual exploitation: sector and visibility",
    "Visible sectors are window prostitution, brothels and clubs, and private houses; the "
    "others are less visible. Shares are of the persons whose sector is known.",
    "Who the victims are",
    "Who registered them",
    "A person registered by several organisations counts once for each of them.",
    "The estimated total",
    "Multiple systems estimation over the lists {}: {}. Linkage errors carry over: a "
    "person split in two looks like two persons seen once, which raises the estimate; "
    "victims who are hard to see for every organisation at once lower it.",
    "log-linear models averaged by their AIC weights, with a log-normal 95% interval (on "
    "simulated worlds this covered the truth far more often than a model chosen stepwise)",
    "a log-linear model chosen stepwise, with a 95% profile-likelihood interval (more than "
    "six lists are too many to average over all models; on simulated worlds the stepwise "
    "choice tends to underestimate)",
    "Linkage",
    "{} records were linked into {} persons. A pair of records links when its match "
    "probability is at least {}.",
    "The store has not been linked.",
    "More tables",
    "How these figures are made",
    "<p><strong>Persons.</strong> Records from every organisation are linked into persons "
    "on pseudonymised identifiers only (keyed hashes and Bloom filters of names, dates of "
    "birth and numbers), with a Fellegi–Sunter model whose parameters are estimated from "
    "the data. Where a person's records disagree on a category, the value most of them "
    "give in the year counts.</p>"
    "<p><strong>Intervals.</strong> Shares carry a 95% Wilson score interval (Wilson 1927). "
    "Estimated totals come from Poisson log-linear models over the capture histories "
    "(Fienberg 1972), averaged over all models by their AIC weights (Buckland, Burnham &amp; "
    "Augustin 1997), or with more than six lists chosen stepwise (Chan, Silverman &amp; "
    "Vincent 2021) with profile-likelihood intervals (Cormack 1992).</p>"
    "<p><strong>Small counts.</strong> No count from 1 to {} is shown, nor one that could "
    "be worked out from the published figures together: every table, chart and the "
    "estimate table are protected as one release, and an audit by linear programming "
    "confirms that each hidden small count could be any value from 1 to the threshold "
    "minus 1 given everything else published (de Wolf &amp; Giessing 2009). A small count "
    "reads &lt;{}; a larger count hidden to protect one reads x. Shares whose count or "
    "total is hidden are hidden too.</p>",
    "Earlier years",
    "hidden",
    "Made with zicht. Counts from 1 to {} are not shown, directly or by subtraction.",
    "Year",
    "Period",
    "Persons",
    "Pairs of records",
    "Share of minors",
    "95% interval",
    "Share",
    "Visibility",
    "Form of exploitation",
    "Domestic or cross-border",
    "Registered",
    "Estimated (95% interval)",
    "Not registered (estimate)",
    "Registered by",
    "Combination",
    "Match weight (bits)",
    "Link threshold",
    "Probability",
    "Comparison level",
    "Comparison",
    "m (among matches)",
    "u (among non-matches)",
    "Weight (bits)",
    "Estimated victims",
    "Method",
    "Note",
    "Registered and estimated victims per year",
    "Bars: persons registered. Points and whiskers: the estimated total with its 95% "
    "interval; the gap is the dark number.",
    "Share of minors per year",
    "Line: the share of minors; band: its 95% Wilson interval.",
    "Visibility of sexual exploitation per period",
    "Shares of the persons whose sector is known.",
    "Form of exploitation, domestic or cross-border, {}",
    "Persons per form; a person with two forms counts in both.",
    "Overlap of the reporting organisations",
    "How many persons each combination of organisations registered, over all the years: all "
    "{} combinations, one row each, largest first; the dots show the combination.",
    "Match weights of the scored pairs",
    "Pairs to the right of the line were linked (before clustering).",
    "What each comparison level says",
    "m: how often matching records agree at that level; u: how often non-matching ones do.",
    "The estimate by method, {}",
    "Each method's estimate with its interval; the line marks the persons registered.",
    "Records per person",
    "How many records the linkage joined into each person. Sizes with few persons are "
    "gathered into the last bar.",
    "Records of the person",
    "{} or more",
    "A pair just {} the threshold (match probability {})",
    "The prior's log-odds, then each comparison's weight at the level this pair reached; the "
    "last bar is their sum, and the pair is linked when it lies right of the line. No record "
    "or value is shown.",
    "above",
    "below",
    "prior",
    "Total",
    "Comparison and level",
    ',',
    '.',
    "Model",
    "95% interval {} to {}, of which {} from the linkage",
    "95% interval with the linkage's uncertainty",
    "{} of its width from the linkage",
    "The last column carries the uncertainty of the linkage as well: the estimate is "
    "made again on {} plausible linkages drawn from the scored pairs of records and their "
    "match probabilities, and the interval holds them all.",
    "A clerical review of a sample of the scored pairs estimates the precision of the "
    "linkage's own decisions at {} (95% interval {} to {}), the share of pairs linked into "
    "one person that are one person, and its recall at {} ({} to {}), the share of pairs of "
    "one person that were linked; the reviewed pairs are decided as the reviewers said.",
    "{} pairs were reviewed.",
};

constexpr Texts kDutch = {
    "Slachtoffermonitor {}–{}",
    "Vermoedelijke slachtoffers van mensenhandel: geregistreerde personen, gekoppeld over {} "
    "meldende organisaties, en het geschatte totaal",
    "Geregistreerde vermoedelijke slachtoffers, {}",
    "personen, geen registraties",
    "Minderjarigen onder hen, {}",
    "Minder zichtbare sectoren, {}",
    "van seksuele uitbuiting met bekende sector",
    "Geschat aantal slachtoffers, {}",
    "geen schatting",
    "95%-betrouwbaarheidsinterval {} tot {}",
    "Meldende organisaties",
    "die vermoedelijke slachtoffers registreerden",
    "onbegrensd",
    "Geregistreerd en geschat",
    "Elke persoon telt eenmaal per jaar, door hoeveel organisaties ook geregistreerd. De "
    "schatting voegt de slachtoffers toe die geen organisatie registreerde, uit de overlap "
    "tussen de registraties van de organisaties.",
    "Minderjarigen",
    "Het aandeel minderjarigen onder de personen van wie de leeftijd bekend is, met het "
    "95%-betrouwbaarheidsinterval.",
    "Uitbuitingsvormen",
    "Een persoon kan op meer dan één manier zijn uitgebuit; de vormen tellen daardoor op "
    "tot meer dan het aantal personen. De grafiek toont {}.",
    "Seksuele uitbuiting: sector en zichtbaarheid",
    "Zichtbare sectoren zijn raamprostitutie, bordelen en clubs, en privéhuizen; de andere "
    "zijn minder zichtbaar. Aandelen zijn van de personen met bekende sector.",
    "Wie de slachtoffers zijn",
    "Wie hen meldde",
    "Een persoon die door meerdere organisaties is geregistreerd, telt bij elk van hen.",
    "Het geschatte totaal",
    "Schatting met meerdere bronnen (vangst-hervangst) over de lijsten {}: {}. Koppelfouten "
    "werken door: een "
    "persoon die in tweeën is gesplitst lijkt op twee personen die één keer zijn gezien, "
    "en dat verhoogt de schatting; slachtoffers die voor alle organisaties tegelijk "
    "moeilijk zichtbaar zijn, verlagen haar.",
    "het gemiddelde over log-lineaire modellen met hun AIC-gewichten, met een log-normaal "
    "95%-betrouwbaarheidsinterval (op gesimuleerde werelden lag de werkelijkheid daar veel "
    "vaker binnen dan bij een stapsgewijs gekozen model)",
    "een stapsgewijs gekozen log-lineair model, met een "
    "95%-profielaannemelijkheidsinterval (meer dan zes lijsten zijn te veel om over alle "
    "modellen te middelen; op gesimuleerde werelden schat de stapsgewijze keuze vaak te "
    "laag)",
    "Koppeling",
    "{} registraties zijn gekoppeld tot {} personen. Twee registraties worden gekoppeld "
    "als hun koppelkans minstens {} is.",
    "De registraties zijn nog niet gekoppeld.",
    "Meer tabellen",
    "Hoe deze cijfers tot stand komen",
    "<p><strong>Personen.</strong> Registraties van alle organisaties worden gekoppeld tot "
    "personen op alleen gepseudonimiseerde kenmerken (sleutelgebonden hashwaarden en "
    "Bloomfilters "
    "van namen, geboortedata en nummers), met een Fellegi–Sunter-model waarvan de "
    "parameters uit de gegevens worden geschat. Waar de registraties van een persoon "
    "verschillen, telt de waarde die de meeste in dat jaar geven.</p>"
    "<p><strong>Intervallen.</strong> Aandelen hebben een 95%-betrouwbaarheidsinterval "
    "volgens Wilson (Wilson "
    "1927). Geschatte totalen komen uit Poisson log-lineaire modellen over de "
    "vangstgeschiedenissen (Fienberg 1972), gemiddeld over alle modellen met hun "
    "AIC-gewichten (Buckland, Burnham &amp; Augustin 1997), of bij meer dan zes lijsten "
    "stapsgewijs gekozen (Chan, Silverman &amp; Vincent 2021) met "
    "profielaannemelijkheidsintervallen (Cormack 1992).</p>"
    "<p><strong>Kleine aantallen.</strong> Geen aantal van 1 tot en met {} wordt getoond, "
    "en ook geen aantal dat uit alle gepubliceerde cijfers samen is af te leiden: alle "
    "tabellen, grafieken en de schattingstabel worden als één publicatie beschermd, en een "
    "controle met lineaire programmering bevestigt dat elk verborgen klein aantal, gegeven "
    "al het andere dat gepubliceerd is, elke waarde van 1 tot de drempel kan hebben (de Wolf "
    "&amp; Giessing 2009). Een klein aantal toont &lt;{}; een groter aantal dat verborgen is "
    "om een klein aantal te beschermen toont x. Aandelen waarvan teller of noemer verborgen "
    "is, zijn ook verborgen.</p>",
    "Eerdere jaren",
    "verborgen",
    "Gemaakt met zicht. Aantallen van 1 tot en met {} worden niet getoond, direct noch door "
    "aftrekken.",
    "Jaar",
    "Periode",
    "Personen",
    "Paren van registraties",
    "Aandeel minderjarigen",
    "95%-betrouwbaarheidsinterval",
    "Aandeel",
    "Zichtbaarheid",
    "Uitbuitingsvorm",
    "Binnenlands of grensoverschrijdend",
    "Geregistreerd",
    "Geschat (95%-betrouwbaarheidsinterval)",
    "Niet geregistreerd (schatting)",
    "Geregistreerd door",
    "Combinatie",
    "Koppelgewicht (bits)",
    "Koppeldrempel",
    "Kans",
    "Vergelijkingsniveau",
    "Vergelijking",
    "m (bij dezelfde persoon)",
    "u (bij verschillende personen)",
    "Gewicht (bits)",
    "Geschat aantal slachtoffers",
    "Methode",
    "Toelichting",
    "Geregistreerde en geschatte slachtoffers per jaar",
    "Staven: geregistreerde personen. Punten met lijnen: het geschatte totaal met het "
    "95%-betrouwbaarheidsinterval; het verschil is het geschatte aantal niet-geregistreerde "
    "slachtoffers.",
    "Aandeel minderjarigen per jaar",
    "Lijn: het aandeel minderjarigen; band: het 95%-betrouwbaarheidsinterval volgens Wilson.",
    "Zichtbaarheid van seksuele uitbuiting per periode",
    "Aandelen van de personen met bekende sector.",
    "Uitbuitingsvorm, binnenlands of grensoverschrijdend, {}",
    "Personen per vorm; een persoon met twee vormen telt bij beide.",
    "Overlap van de meldende organisaties",
    "Hoeveel personen elke combinatie van organisaties registreerde, over alle jaren: alle "
    "{} combinaties, elk op een eigen rij, de grootste eerst; de stippen tonen de "
    "combinatie.",
    "Koppelgewichten van de gescoorde paren",
    "Paren rechts van de lijn zijn gekoppeld (voor het clusteren).",
    "Wat elk vergelijkingsniveau zegt",
    "m: hoe vaak registraties van dezelfde persoon op dat niveau overeenkomen; u: hoe vaak "
    "die van verschillende personen dat doen.",
    "De schatting per methode, {}",
    "De schatting van elke methode met haar betrouwbaarheidsinterval; de lijn toont de "
    "geregistreerde personen.",
    "Registraties per persoon",
    "Hoeveel registraties de koppeling tot elke persoon samenvoegde. Aantallen met weinig "
    "personen zijn samengenomen in de laatste staaf.",
    "Registraties van de persoon",
    "{} of meer",
    "Een paar net {} de drempel (koppelkans {})",
    "De log-odds vooraf, dan het gewicht van elke vergelijking op het niveau dat dit paar "
    "bereikte; de laatste staaf is de som, en het paar is gekoppeld als die rechts van de "
    "lijn ligt. Er wordt geen registratie of waarde getoond.",
    "boven",
    "onder",
    "vooraf",
    "Totaal",
    "Vergelijking en niveau",
    '.',
    ',',
    "Model",
    "95%-interval {} tot {}, waarvan {} door de koppeling",
    "95%-interval met de onzekerheid van de koppeling",
    "{} van de breedte door de koppeling",
    "De laatste kolom draagt ook de onzekerheid van de koppeling: de schatting is "
    "opnieuw gemaakt op {} aannemelijke koppelingen, getrokken uit de gescoorde paren "
    "van registraties en hun kans op een match, en het interval omvat ze alle.",
    "Een handmatige controle van een steekproef van de gescoorde paren schat de precisie van "
    "de eigen beslissingen van de koppeling op {} (95%-betrouwbaarheidsinterval {} tot {}), "
    "het aandeel van de tot één persoon gekoppelde paren dat één persoon is, en de "
    "volledigheid op {} ({} tot {}), het aandeel van de paren van één persoon dat gekoppeld "
    "is; de gecontroleerde paren zijn beslist zoals de controleurs zeiden.",
    "Er zijn {} paren gecontroleerd.",
};

std::string Number(double value, const Texts& t) {
  const auto rounded = static_cast<std::int64_t>(std::llround(value));
  std::string digits = std::to_string(rounded < 0 ? -rounded : rounded);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += t.thousands;
    out += digits[i];
  }
  return rounded < 0 ? "-" + out : out;
}

std::string Percent(double share, const Texts& t) {
  std::string text = fmt::format("{:.1f}%", 100 * share);
  std::replace(text.begin(), text.end(), '.', t.decimal);
  return text;
}

// A probability such as the link threshold, with the language's decimal mark.
std::string Decimal(double value, const Texts& t) {
  std::string text = fmt::format("{:g}", value);
  std::replace(text.begin(), text.end(), '.', t.decimal);
  return text;
}

std::string Suppressed(std::int64_t threshold) {
  return "<" + std::to_string(threshold);
}

const monitor::Table* Find(const ReportData& data, const std::string& id,
                           const std::string& slice = "") {
  for (const monitor::Table& table : data.monitor.tables) {
    if (table.id == id && (slice.empty() || table.slice == slice)) return &table;
  }
  return nullptr;
}

// The row and column of a heading key, or npos.
std::size_t RowOf(const monitor::Table& table, const std::string& key) {
  for (std::size_t r = 0; r < table.rows_count(); ++r) {
    if (table.row_headings[r].key == key) return r;
  }
  return std::string::npos;
}

std::string KindLabel(const Vocabulary& vocabulary, const std::string& kind,
                      const std::string& lang) {
  const Category* c = vocabulary.FindSourceKind(kind);
  if (c == nullptr) return kind;
  return lang == "nl" ? c->label_nl : c->label_en;
}

// Lists are named A, B, C, ... on the page, as in the literature on multiple systems
// estimation: a list's own name is an identifier of the lists config, in whatever language
// its author wrote it, and a list may hold several kinds of source.
std::string ListLetter(std::size_t index) {
  return index < 26 ? std::string(1, static_cast<char>('A' + index)) : std::to_string(index + 1);
}

// "A (Politie, Koninklijke Marechaussee), B (Zorgorganisatie)": each list with its sources.
std::string ListsText(const ReportData& data, const Vocabulary& vocabulary,
                      const std::string& lang) {
  std::string out;
  for (std::size_t i = 0; i < data.lists.size(); ++i) {
    std::string sources;
    const std::vector<std::string> own{data.lists[i]};
    const auto& kinds = i < data.list_sources.size() ? data.list_sources[i] : own;
    for (const std::string& kind : kinds) {
      sources += (sources.empty() ? "" : ", ") + KindLabel(vocabulary, kind, lang);
    }
    out += fmt::format("{}{} ({})", out.empty() ? "" : ", ", ListLetter(i), sources);
  }
  return out;
}

// A list's letter by its name; a name that is not among the lists stays as it is.
internal::ListLabel ListLabelFor(const ReportData& data) {
  return [&data](const std::string& list) {
    const auto it = std::find(data.lists.begin(), data.lists.end(), list);
    return it == data.lists.end() ? list
                                  : ListLetter(static_cast<std::size_t>(it - data.lists.begin()));
  };
}

// What the sensitivity chart says of a method: its model and warnings, or why it has no
// estimate, in the page's language.
std::string MethodNote(const YearEstimate& e, const internal::ListLabel& list_label,
                       const std::string& lang) {
  const internal::Language language = internal::LanguageOf(lang);
  if (!e.has_estimate) return internal::EstimateNote(e.reason, /*is_reason=*/true, language);
  std::string note = internal::ModelDescription(e, list_label, language);
  for (const std::string& warning : e.warnings) {
    note += "; " + internal::EstimateNote(warning, /*is_reason=*/false, language);
  }
  return note;
}

// A chart, or the reason it could not be drawn (a defect) as the error.
Status AddChart(Section& section, std::string id, std::string title, std::string caption,
                Result<std::string> spec) {
  if (!spec.ok()) return spec.status();
  section.charts.push_back({std::move(id), std::move(title), std::move(caption), *std::move(spec)});
  return Status::Ok();
}

// The tables of `ids`, the last slice of a sliced table shown and the others folded away.
void AddTables(Section& section, const ReportData& data, const std::vector<std::string>& ids,
               const Texts& t, const std::string& lang, std::vector<bool>& placed) {
  for (const std::string& id : ids) {
    std::vector<std::size_t> matching;
    for (std::size_t i = 0; i < data.monitor.tables.size(); ++i) {
      if (data.monitor.tables[i].id == id) matching.push_back(i);
    }
    if (matching.empty()) continue;
    section.html_blocks.push_back(TableHtml(data.monitor.tables[matching.back()], lang));
    placed[matching.back()] = true;
    if (matching.size() > 1) {
      std::string earlier = fmt::format("<details><summary>{}</summary>", t.earlier);
      for (std::size_t k = matching.size() - 1; k-- > 0;) {
        earlier += TableHtml(data.monitor.tables[matching[k]], lang);
        placed[matching[k]] = true;
      }
      section.html_blocks.push_back(earlier + "</details>");
    }
  }
}

}  // namespace

std::string TableHtml(const monitor::Table& table, const std::string& lang) {
  const Texts& t = lang == "nl" ? kDutch : kEnglish;
  std::string html = "<div class=\"table-wrap\"><table class=\"monitor-table\">";
  html += fmt::format("<caption>{}{}</caption>", EscapeHtml(monitor::TableTitle(table, lang)),
                      table.slice.empty() ? "" : ", " + EscapeHtml(table.slice));
  html += "<thead><tr><th scope=\"col\"></th>";
  for (const monitor::Heading& h : table.column_headings) {
    html += fmt::format("<th scope=\"col\">{}</th>", EscapeHtml(monitor::HeadingLabel(h, lang)));
  }
  html += "</tr></thead><tbody>";
  for (std::size_t r = 0; r < table.rows_count(); ++r) {
    const monitor::Heading& row = table.row_headings[r];
    html += fmt::format("<tr class=\"{}{}\"><th scope=\"row\">{}</th>", row.total ? "total" : "",
                        row.depth > 0 ? " part" : "", EscapeHtml(monitor::HeadingLabel(row, lang)));
    for (std::size_t c = 0; c < table.columns_count(); ++c) {
      std::string cell = table.is_suppressed(r, c)
                             ? EscapeHtml(monitor::HiddenText(table, r, c))
                             : Number(static_cast<double>(table.count(r, c)), t);
      if (table.has_shares) {
        const auto& share = table.shares[table.index(r, c)];
        if (share) {
          cell +=
              fmt::format("<br><span class=\"share\">{} ({}–{})</span>", Percent(share->value, t),
                          Percent(share->lower, t), Percent(share->upper, t));
        }
      }
      html += fmt::format("<td{}>{}</td>",
                          !table.is_suppressed(r, c) ? ""
                          : table.is_secondary(r, c) ? " class=\"suppressed secondary\""
                                                     : " class=\"suppressed\"",
                          cell);
    }
    html += "</tr>";
  }
  html += "</tbody></table>";
  if (std::find(table.suppressed.begin(), table.suppressed.end(), true) != table.suppressed.end()) {
    html += fmt::format("<p class=\"table-note\">{}</p>",
                        EscapeHtml(monitor::Legend(table.threshold, table.unit, lang)));
  }
  return html + "</div>";
}

Result<Page> BuildReportPage(const ReportData& data, const Vocabulary& vocabulary,
                             const std::string& lang) {
  if (lang != "en" && lang != "nl") {
    return Status::InvalidArgument(fmt::format("no report language `{}`; use en or nl", lang));
  }
  const Texts& t = lang == "nl" ? kDutch : kEnglish;
  const monitor::MonitorResult& m = data.monitor;
  const std::int64_t threshold = m.threshold;
  const std::string last_year = std::to_string(m.last_year);
  Page page;
  page.lang = lang;
  page.title = fmt::format(fmt::runtime(t.title), m.first_year, m.last_year);
  page.subtitle = fmt::format(fmt::runtime(t.subtitle), data.source_kinds.size());
  std::vector<bool> placed(m.tables.size(), false);

  // --- key figures -----------------------------------------------------------------------
  const monitor::Table* registered = Find(data, "registered");
  if (registered != nullptr && registered->columns_count() > 0) {
    const std::size_t last = registered->columns_count() - 1;
    page.key_figures.push_back({fmt::format(fmt::runtime(t.registered_in), last_year),
                                registered->is_suppressed(0, last)
                                    ? monitor::HiddenText(*registered, 0, last)
                                    : Number(static_cast<double>(registered->count(0, last)), t),
                                t.persons_note});
  }
  const monitor::Table* minors = Find(data, "minors");
  if (minors != nullptr && minors->has_shares) {
    const std::size_t row = RowOf(*minors, "minor");
    const std::size_t last = minors->columns_count() - 1;
    if (row != std::string::npos) {
      const auto& share = minors->shares[minors->index(row, last)];
      page.key_figures.push_back(
          {fmt::format(fmt::runtime(t.minors_in), last_year),
           share ? Percent(share->value, t) : t.hidden,
           share ? fmt::format(fmt::runtime(t.interval), Percent(share->lower, t),
                               Percent(share->upper, t))
                 : ""});
    }
  }
  const monitor::Table* by_period = Find(data, "sector_by_period");
  if (by_period != nullptr && by_period->has_shares && by_period->columns_count() > 0) {
    const std::size_t row = RowOf(*by_period, "less_visible");
    const std::size_t last = by_period->columns_count() - 1;
    if (row != std::string::npos) {
      const auto& share = by_period->shares[by_period->index(row, last)];
      page.key_figures.push_back(
          {fmt::format(fmt::runtime(t.less_visible_in), by_period->column_headings[last].key),
           share ? Percent(share->value, t) : t.hidden, t.less_visible_note});
    }
  }
  if (!data.estimates.empty()) {
    const YearEstimate& e = data.estimates.back();
    page.key_figures.push_back(
        {fmt::format(fmt::runtime(t.estimated_in), e.label),
         e.has_estimate ? Number(e.estimate, t) : t.no_estimate,
         !e.has_estimate ? ""
         : e.has_linkage && e.linkage_share
             ? fmt::format(
                   fmt::runtime(t.interval_linkage), Number(e.linkage_lower, t),
                   std::isfinite(e.linkage_upper) ? Number(e.linkage_upper, t) : t.unbounded,
                   Percent(*e.linkage_share, t))
             : fmt::format(fmt::runtime(t.interval), Number(e.lower, t),
                           std::isfinite(e.upper) ? Number(e.upper, t) : t.unbounded)});
  }
  page.key_figures.push_back(
      {t.sources_label, std::to_string(data.source_kinds.size()), t.sources_note});

  // --- registered and estimated -------------------------------------------------------------
  Section overview{
      "registered", t.s_registered, fmt::format("<p>{}</p>", t.s_registered_intro), {}, {}};
  if (registered != nullptr) {
    std::vector<RegisteredEstimate> years;
    for (std::size_t c = 0; c < registered->columns_count(); ++c) {
      RegisteredEstimate y;
      y.year = registered->column_headings[c].key;
      if (!registered->is_suppressed(0, c)) y.registered = registered->count(0, c);
      for (const YearEstimate& e : data.estimates) {
        if (e.label == y.year && e.has_estimate) {
          y.estimate = e.estimate;
          if (std::isfinite(e.upper)) {
            y.lower = e.lower;
            y.upper = e.upper;
          }
        }
      }
      years.push_back(y);
    }
    ZICHT_RETURN_IF_ERROR(
        AddChart(overview, "registered-estimated", t.c_registered, t.c_registered_caption,
                 RegisteredVersusEstimated(years, {t.year, t.persons, t.registered, t.estimated,
                                                   t.dark_number, t.hidden, t.no_estimate})));
  }
  AddTables(overview, data, {"registered"}, t, lang, placed);
  page.sections.push_back(std::move(overview));

  // --- minors -----------------------------------------------------------------------------
  Section minors_section{"minors", t.s_minors, fmt::format("<p>{}</p>", t.s_minors_intro), {}, {}};
  if (minors != nullptr && minors->has_shares) {
    const std::size_t row = RowOf(*minors, "minor");
    std::vector<SharePoint> points;
    for (std::size_t c = 0; row != std::string::npos && c < minors->columns_count(); ++c) {
      SharePoint p;
      p.label = minors->column_headings[c].key;
      const auto& share = minors->shares[minors->index(row, c)];
      if (share) {
        p.share = share->value;
        p.lower = share->lower;
        p.upper = share->upper;
      }
      points.push_back(p);
    }
    ZICHT_RETURN_IF_ERROR(
        AddChart(minors_section, "minors-share", t.c_minors, t.c_minors_caption,
                 ShareWithBand(points, {t.year, t.share_minors, t.interval95, t.hidden})));
  }
  AddTables(minors_section, data, {"minors", "unaccompanied_minors"}, t, lang, placed);
  page.sections.push_back(std::move(minors_section));

  // --- forms of exploitation ------------------------------------------------------------------
  const monitor::Table* forms = nullptr;
  for (const monitor::Table& table : m.tables) {
    if (table.id == "form_by_domestic") forms = &table;  // the last year's
  }
  Section forms_section{"forms",
                        t.s_forms,
                        fmt::format("<p>{}</p>", fmt::format(fmt::runtime(t.s_forms_intro),
                                                             forms ? forms->slice : last_year)),
                        {},
                        {}};
  if (forms != nullptr) {
    std::vector<GroupedCount> bars;
    for (std::size_t r = 0; r < forms->rows_count(); ++r) {
      const monitor::Heading& row = forms->row_headings[r];
      if (row.total) continue;
      for (std::size_t c = 0; c < forms->columns_count(); ++c) {
        const monitor::Heading& column = forms->column_headings[c];
        if (column.total) continue;
        GroupedCount bar;
        bar.category = monitor::HeadingLabel(row, lang);
        bar.group = monitor::HeadingLabel(column, lang);
        if (forms->is_suppressed(r, c)) {
          bar.label = monitor::HiddenText(*forms, r, c);
        } else {
          bar.count = forms->count(r, c);
          bar.label = Number(static_cast<double>(forms->count(r, c)), t);
        }
        bars.push_back(bar);
      }
    }
    ZICHT_RETURN_IF_ERROR(AddChart(
        forms_section, "forms-domestic", fmt::format(fmt::runtime(t.c_forms), forms->slice),
        t.c_forms_caption, GroupedCounts(bars, {t.form, t.persons, t.domestic_or_not})));
  }
  AddTables(forms_section, data, {"form_by_domestic"}, t, lang, placed);
  page.sections.push_back(std::move(forms_section));

  // --- sexual exploitation -------------------------------------------------------------------
  Section sexual{"sexual", t.s_sexual, fmt::format("<p>{}</p>", t.s_sexual_intro), {}, {}};
  if (by_period != nullptr && by_period->has_shares) {
    std::vector<ShareOfGroup> rows;
    for (std::size_t c = 0; c < by_period->columns_count(); ++c) {
      for (const char* key : {"visible", "less_visible"}) {
        const std::size_t r = RowOf(*by_period, key);
        if (r == std::string::npos) continue;
        const auto& share = by_period->shares[by_period->index(r, c)];
        ShareOfGroup g;
        g.group = by_period->column_headings[c].key;
        g.category = monitor::HeadingLabel(by_period->row_headings[r], lang);
        if (share) g.share = share->value;
        g.count_text = by_period->is_suppressed(r, c)
                           ? monitor::HiddenText(*by_period, r, c)
                           : Number(static_cast<double>(by_period->count(r, c)), t);
        rows.push_back(g);
      }
    }
    ZICHT_RETURN_IF_ERROR(
        AddChart(sexual, "visibility-period", t.c_visibility, t.c_visibility_caption,
                 StackedShares(rows, {t.share, t.period, t.visibility, t.persons})));
  }
  AddTables(sexual, data, {"sector_by_period", "sector_by_year"}, t, lang, placed);
  page.sections.push_back(std::move(sexual));

  // --- who the victims are ----------------------------------------------------------------------
  Section persons{"persons", t.s_persons, "", {}, {}};
  AddTables(persons, data, {"gender_by_age_group", "nationality"}, t, lang, placed);
  page.sections.push_back(std::move(persons));

  // --- who registered them -------------------------------------------------------------------
  Section sources{"sources", t.s_sources, fmt::format("<p>{}</p>", t.s_sources_intro), {}, {}};
  if (!data.overlap.empty()) {
    std::vector<std::string> names;
    for (const std::string& kind : data.source_kinds)
      names.push_back(KindLabel(vocabulary, kind, lang));
    std::vector<Combination> combinations;
    for (const SourceCombination& c : data.overlap) {
      Combination combination;
      for (const std::string& kind : c.kinds)
        combination.sets.push_back(KindLabel(vocabulary, kind, lang));
      if (c.suppressed) {
        combination.label = c.hidden.empty() ? Suppressed(threshold) : c.hidden;
      } else {
        combination.count = c.count;
        combination.label = Number(static_cast<double>(c.count), t);
      }
      combinations.push_back(std::move(combination));
    }
    ZICHT_RETURN_IF_ERROR(
        AddChart(sources, "source-overlap", t.c_overlap,
                 fmt::format(fmt::runtime(t.c_overlap_caption), combinations.size()),
                 Overlap(names, combinations, {t.persons, t.reported_by, t.combination})));
  }
  AddTables(sources, data, {"reporting_source", "number_of_sources"}, t, lang, placed);
  page.sections.push_back(std::move(sources));

  // --- the estimate ---------------------------------------------------------------------------
  if (!data.estimates.empty()) {
    Section estimate_section{
        "estimate",
        t.s_estimate,
        fmt::format("<p>{}</p>",
                    EscapeHtml(fmt::format(
                        fmt::runtime(t.s_estimate_intro), ListsText(data, vocabulary, lang),
                        data.estimates.front().method == "stepwise" ? t.method_stepwise
                                                                    : t.method_average))),
        {},
        {}};
    const internal::Language language = internal::LanguageOf(lang);
    const internal::ListLabel list_label = ListLabelFor(data);
    // The column of the interval with the linkage's uncertainty, when the draws were made.
    const bool with_linkage = std::any_of(data.estimates.begin(), data.estimates.end(),
                                          [](const YearEstimate& e) { return e.has_linkage; });
    int linkage_draws = 0;
    std::string rows;
    for (const YearEstimate& e : data.estimates) {
      std::string linkage_cell;
      if (with_linkage) {
        linkage_cell = "<td>-</td>";
        if (e.has_estimate && e.has_linkage) {
          linkage_draws = std::max(linkage_draws, e.linkage_draws);
          linkage_cell = fmt::format(
              "<td>{} – {}{}</td>", Number(e.linkage_lower, t),
              std::isfinite(e.linkage_upper) ? Number(e.linkage_upper, t) : t.unbounded,
              e.linkage_share ? " (" +
                                    EscapeHtml(fmt::format(fmt::runtime(t.linkage_share),
                                                           Percent(*e.linkage_share, t))) +
                                    ")"
                              : std::string());
        }
      }
      rows += fmt::format(
          "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td>{}<td>{}</td></tr>",
          EscapeHtml(e.label),
          e.observed_hidden.empty() ? Number(static_cast<double>(e.observed), t)
                                    : EscapeHtml(e.observed_hidden),
          e.has_estimate ? Number(e.estimate, t) : EscapeHtml(t.no_estimate),
          e.has_estimate ? fmt::format("{} – {}", Number(e.lower, t),
                                       std::isfinite(e.upper) ? Number(e.upper, t) : t.unbounded)
                         : EscapeHtml(internal::EstimateNote(e.reason, true, language)),
          linkage_cell, EscapeHtml(internal::ModelDescription(e, list_label, language)));
    }
    estimate_section.html_blocks.push_back(fmt::format(
        "<div class=\"table-wrap\"><table class=\"monitor-table\"><thead><tr><th scope=\"col\">{}"
        "</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>{}"
        "<th scope=\"col\">{}</th></tr></thead><tbody>{}</tbody></table></div>",
        t.year, t.registered, t.estimate_axis, t.interval95,
        with_linkage ? fmt::format("<th scope=\"col\">{}</th>", t.linkage_heading) : std::string(),
        t.model_heading, rows));
    if (with_linkage) {
      estimate_section.html_blocks.push_back(fmt::format(
          "<p>{}</p>", EscapeHtml(fmt::format(fmt::runtime(t.linkage_note), linkage_draws))));
    }
    if (!data.sensitivity.empty()) {
      std::vector<MethodEstimate> methods;
      for (const YearEstimate& e : data.sensitivity) {
        MethodEstimate method;
        method.method = internal::MethodLabel(e.method.empty() ? e.label : e.method, language);
        if (e.has_estimate) {
          method.estimate = e.estimate;
          if (std::isfinite(e.upper)) {
            method.lower = e.lower;
            method.upper = e.upper;
          }
        }
        method.note = MethodNote(e, list_label, lang);
        methods.push_back(std::move(method));
      }
      std::optional<double> reference;
      if (registered != nullptr && !registered->is_suppressed(0, registered->columns_count() - 1)) {
        reference = static_cast<double>(registered->count(0, registered->columns_count() - 1));
      }
      ZICHT_RETURN_IF_ERROR(AddChart(
          estimate_section, "estimate-methods",
          fmt::format(fmt::runtime(t.c_sensitivity), last_year), t.c_sensitivity_caption,
          Sensitivity(methods, {t.estimate_axis, t.method, t.interval95, t.note, t.registered},
                      reference)));
    }
    page.sections.push_back(std::move(estimate_section));
  }

  // --- linkage --------------------------------------------------------------------------------
  Section linkage{"linkage", t.s_linkage, "", {}, {}};
  if (data.linkage.linked) {
    linkage.intro_html =
        fmt::format("<p>{}</p>", fmt::format(fmt::runtime(t.s_linkage_intro),
                                             Number(static_cast<double>(data.linkage.records), t),
                                             Number(static_cast<double>(data.linkage.persons), t),
                                             Decimal(data.linkage.threshold, t)));
    std::vector<HistogramBin> bins;
    for (const auto& bin : data.linkage.weights) {
      HistogramBin b;
      b.start = bin.start;
      b.end = bin.end;
      if (bin.suppressed) {
        b.label = Suppressed(threshold);
      } else {
        b.count = bin.count;
        b.label = Number(static_cast<double>(bin.count), t);
      }
      bins.push_back(b);
    }
    if (!bins.empty()) {
      ZICHT_RETURN_IF_ERROR(AddChart(linkage, "match-weights", t.c_weights, t.c_weights_caption,
                                     Histogram(bins, {t.match_weight, t.pairs, t.link_threshold},
                                               data.linkage.threshold_weight)));
    }
    std::vector<MAndUPoint> levels;
    const internal::Language language = internal::LanguageOf(lang);
    for (const auto& level : data.linkage.levels) {
      levels.push_back({internal::ComparisonLabel(level.comparison, language),
                        internal::LevelLabel(level.level, language), level.m, level.u});
    }
    if (!levels.empty()) {
      ZICHT_RETURN_IF_ERROR(
          AddChart(linkage, "m-and-u", t.c_mu, t.c_mu_caption,
                   MAndU(levels, {t.probability, t.level, t.comparison, t.m, t.u, t.weight})));
    }
    std::vector<GroupedCount> sizes;
    for (const ClusterSizeBin& bin : data.linkage.cluster_sizes) {
      GroupedCount bar;
      bar.category = bin.to == 0          ? fmt::format(fmt::runtime(t.or_more), bin.from)
                     : bin.from == bin.to ? std::to_string(bin.from)
                                          : fmt::format("{}–{}", bin.from, bin.to);
      bar.group = t.persons;
      bar.count = bin.persons;
      sizes.push_back(std::move(bar));
    }
    if (!sizes.empty()) {
      ZICHT_RETURN_IF_ERROR(
          AddChart(linkage, "cluster-sizes", t.c_sizes, t.c_sizes_caption,
                   GroupedCounts(sizes, {t.records_per_person, t.persons, t.persons})));
    }
    for (std::size_t i = 0; i < data.linkage.waterfalls.size(); ++i) {
      const LinkDiagnostics::WaterfallPair& pair = data.linkage.waterfalls[i];
      std::vector<WaterfallBar> bars = {{t.prior, pair.prior_weight}};
      for (const auto& step : pair.steps) {
        bars.push_back({fmt::format("{}: {}", internal::ComparisonLabel(step.comparison, language),
                                    internal::LevelLabel(step.level, language)),
                        step.weight});
      }
      const bool above = pair.probability >= data.linkage.threshold;
      ZICHT_RETURN_IF_ERROR(
          AddChart(linkage, fmt::format("waterfall-{}", i + 1),
                   fmt::format(fmt::runtime(t.c_waterfall), above ? t.above : t.below,
                               Decimal(std::round(pair.probability * 1000) / 1000, t)),
                   t.c_waterfall_caption,
                   Waterfall(bars, {t.weight, t.step, t.total, t.link_threshold},
                             data.linkage.threshold_weight)));
    }
    if (data.linkage.review) {
      const LinkDiagnostics::Review& r = *data.linkage.review;
      // Each share rounded to three decimals, or "no estimate" with dashes for its bounds.
      const auto shown = [&](const std::optional<LinkDiagnostics::Share>& s) {
        const auto decimal = [&](double v) { return Decimal(std::round(1000 * v) / 1000, t); };
        if (!s) return std::array<std::string, 3>{t.no_estimate, "–", "–"};
        return std::array<std::string, 3>{decimal(s->estimate), decimal(s->lower),
                                          decimal(s->upper)};
      };
      const auto precision = shown(r.precision);
      const auto recall = shown(r.recall);
      std::string text = fmt::format(fmt::runtime(t.review), precision[0], precision[1],
                                     precision[2], recall[0], recall[1], recall[2]);
      if (r.pairs >= threshold) {
        text += " " +
                fmt::format(fmt::runtime(t.review_pairs), Number(static_cast<double>(r.pairs), t));
      }
      linkage.html_blocks.push_back(fmt::format("<p class=\"review\">{}</p>", EscapeHtml(text)));
    }
  } else {
    linkage.intro_html = fmt::format("<p>{}</p>", t.s_linkage_none);
  }
  page.sections.push_back(std::move(linkage));

  // --- tables of a country's own config ----------------------------------------------------
  Section more{"more", t.s_more, "", {}, {}};
  for (std::size_t i = 0; i < m.tables.size(); ++i) {
    if (!placed[i]) more.html_blocks.push_back(TableHtml(m.tables[i], lang));
  }
  if (!more.html_blocks.empty()) page.sections.push_back(std::move(more));

  page.sections.push_back({"methods",
                           t.s_methods,
                           fmt::format(fmt::runtime(t.methods_html), threshold - 1, threshold),
                           {},
                           {}});
  page.footer_html = EscapeHtml(fmt::format(fmt::runtime(t.footer), threshold - 1));
  return page;
}

}  // namespace zicht::report

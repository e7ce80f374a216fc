// report_sample: writes a report page with one chart of every kind, for the browser test
// (tests/report/browser) and for a person to look at.
//
//   report_sample <out.html> [en|nl]
//
// The figures are the Dutch monitor's registered counts as DESIGN.md quotes them, with
// made-up intervals, estimates and linkage figures around them: a sample, not a result.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "zicht/report/charts.hpp"
#include "zicht/report/html_page.hpp"

namespace {

using zicht::Result;
namespace report = zicht::report;

// The sample's own data are fixed, so a builder that refuses them is a bug worth a crash.
std::string Spec(const Result<std::string>& spec) {
  if (!spec.ok()) {
    std::cerr << "report_sample: " << spec.status().message() << "\n";
    std::exit(70);
  }
  return spec.value();
}

report::Page SamplePage(bool dutch) {
  const auto t = [dutch](const char* en, const char* nl) { return std::string(dutch ? nl : en); };
  report::Page page;
  page.lang = dutch ? "nl" : "en";
  page.title = t("Victim monitor human trafficking 2015–2019 (sample)",
                 "Slachtoffermonitor mensenhandel 2015–2019 (voorbeeld)");
  page.subtitle =
      t("Registered presumed victims, linked into persons, and the estimated number "
        "that nobody registered.",
        "Geregistreerde mogelijke slachtoffers, gekoppeld tot personen, en het "
        "geschatte aantal dat niemand registreerde.");
  page.key_figures = {
      {t("Registered presumed victims", "Geregistreerde mogelijke slachtoffers"),
       t("1,334", "1.334"), t("2019, persons after linkage", "2019, personen na koppeling")},
      {t("Of whom minors", "Van wie minderjarig"), "8%", t("108 persons", "108 personen")},
      {t("Estimated victims", "Geschatte slachtoffers"), t("about 5,000", "circa 5.000"),
       t("a year, 2018–2019 (95% interval 4,100–6,300)",
         "per jaar, 2018–2019 (95%-interval 4.100–6.300)")},
      {t("Not registered", "Niet geregistreerd"), t("about 3,700", "circa 3.700"),
       t("the dark number, 2019", "het dark number, 2019")}};

  const std::string suppressed = "<10";

  // 1. Share of minors per year, with its interval.
  const std::string minors = Spec(report::ShareWithBand(
      {{"2015", 0.25, 0.225, 0.276},
       {"2016", 0.24, 0.213, 0.268},
       {"2017", 0.20, 0.176, 0.227},
       {"2018", std::nullopt, std::nullopt, std::nullopt},
       {"2019", 0.08, 0.066, 0.096}},
      {t("Year", "Jaar"), t("Share of minors", "Aandeel minderjarigen"),
       t("95% interval", "95%-interval"), t("suppressed", "niet gepubliceerd")}));

  // 2. Visibility of the sector of sexual exploitation.
  const std::string visibility = Spec(report::StackedShares(
      {{"2015–2016", t("less visible", "minder zichtbaar"), 0.75, "402"},
       {"2015–2016", t("visible", "zichtbaar"), 0.25, "134"},
       {"2017–2019", t("less visible", "minder zichtbaar"), 0.89, "1,112"},
       {"2017–2019", t("visible", "zichtbaar"), 0.11, "137"},
       {t("2020 (partial)", "2020 (deels)"), t("less visible", "minder zichtbaar"), 0.93, "131"},
       {t("2020 (partial)", "2020 (deels)"), t("visible", "zichtbaar"), std::nullopt, suppressed}},
      {t("Share", "Aandeel"), t("Period", "Periode"),
       t("Visibility of the sector", "Zichtbaarheid van de sector"), t("Persons", "Personen")}));

  // 3. Exploitation form by year, with a suppressed cell.
  std::vector<report::GroupedCount> forms;
  const std::vector<std::string> years = {"2016", "2017", "2018", "2019"};
  const std::vector<std::pair<std::string, std::vector<std::optional<std::int64_t>>>> by_form = {
      {t("sexual", "seksueel"), {523, 556, 458, 849}},
      {t("labour", "arbeid"), {171, 150, 98, 228}},
      {t("criminal", "crimineel"), {73, 58, 44, 196}},
      {t("other", "overig"), {22, std::nullopt, 14, 61}}};
  for (const auto& [form, counts] : by_form) {
    for (std::size_t y = 0; y < years.size(); ++y) {
      forms.push_back({form, years[y], counts[y], counts[y] ? "" : suppressed});
    }
  }
  const std::string exploitation =
      Spec(report::GroupedCounts(forms, {t("Form of exploitation", "Vorm van uitbuiting"),
                                         t("Persons", "Personen"), t("Year", "Jaar")}));

  // 4. Registered against estimated.
  const std::string dark_number = Spec(report::RegisteredVersusEstimated(
      {{"2015", 1144, 6250, 5000, 7500},
       {"2016", 956, 5900, 4800, 7300},
       {"2017", 958, std::nullopt, std::nullopt, std::nullopt},
       {"2018", 668, 4900, 3900, 6200},
       {"2019", 1334, 5050, 4100, 6300}},
      {t("Year", "Jaar"), t("Victims", "Slachtoffers"), t("Registered", "Geregistreerd"),
       t("Estimated (95% interval)", "Geschat (95%-interval)"),
       t("Not registered (estimated)", "Niet geregistreerd (geschat)"), suppressed,
       t("no estimate: the model does not exist", "geen schatting: het model bestaat niet")}));

  // 5. Overlap of the reporting sources, 2019.
  const std::vector<std::string> sources = {t("police", "politie"), t("care", "zorg"),
                                            t("labour inspectorate", "arbeidsinspectie"),
                                            t("border police", "KMar")};
  const std::string overlap = Spec(report::Overlap(
      sources,
      {{{sources[0]}, 874, ""},
       {{sources[1]}, 181, ""},
       {{sources[0], sources[1]}, 66, ""},
       {{sources[2]}, 33, ""},
       {{sources[0], sources[2]}, 11, ""},
       {{sources[3]}, std::nullopt, suppressed},
       {{sources[0], sources[3]}, std::nullopt, suppressed},
       {{sources[0], sources[1], sources[2]}, std::nullopt, suppressed},
       {{sources[1], sources[2]}, 0, ""}},
      {t("Persons", "Personen"), t("Reported by", "Gemeld door"), t("Combination", "Combinatie")}));

  // 6. Match weights of the scored pairs.
  std::vector<report::HistogramBin> bins;
  const std::vector<std::optional<std::int64_t>> pairs = {
      5120, 8830, 12400, 9050, 4210, 1460, 380, 95, std::nullopt, 24, 61, 140, 310, 520, 610, 430};
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const double start = -20.0 + 3.0 * static_cast<double>(i);
    bins.push_back({start, start + 3.0, pairs[i], pairs[i] ? "" : suppressed});
  }
  const std::string weights = Spec(
      report::Histogram(bins,
                        {t("Match weight (bits)", "Matchgewicht (bits)"),
                         t("Record pairs", "Paren van registraties"), t("threshold", "drempel")},
                        6.0));

  // 7. m and u probabilities.
  const std::string m_and_u = Spec(report::MAndU(
      {{t("family name", "achternaam"), t("exact", "exact"), 0.82, 0.0009},
       {t("family name", "achternaam"), "Dice ≥ 0.8", 0.12, 0.004},
       {t("family name", "achternaam"), t("else", "anders"), 0.06, 0.995},
       {t("date of birth", "geboortedatum"), t("exact", "exact"), 0.74, 0.0004},
       {t("date of birth", "geboortedatum"), t("year and month", "jaar en maand"), 0.15, 0.003},
       {t("date of birth", "geboortedatum"), t("else", "anders"), 0.11, 0.9966},
       {t("nationality", "nationaliteit"), t("same", "gelijk"), 0.93, 0.21},
       {t("nationality", "nationaliteit"), t("different", "verschillend"), 0.07, 0.79}},
      {t("Probability", "Kans"), t("Comparison level", "Vergelijkingsniveau"),
       t("Comparison", "Vergelijking"), t("m (among matches)", "m (bij dezelfde persoon)"),
       t("u (among non-matches)", "u (bij verschillende personen)"),
       t("Weight (bits)", "Gewicht (bits)")}));

  // 8. Sensitivity of the estimate to the method.
  const std::string methods = Spec(report::Sensitivity(
      {{t("log-linear, stepwise (SparseMSE)", "log-lineair, stapsgewijs (SparseMSE)"), 5050, 4100,
        6300, t("main estimate", "hoofdschatting")},
       {t("log-linear, BIC", "log-lineair, BIC"), 4780, 3950, 5900, ""},
       {t("model averaging", "modelmiddeling"), 5240, 4000, 7100, ""},
       {t("latent class (LCMCR)", "latente klassen (LCMCR)"), 5620, 4300, 7900, ""},
       {t("all two-way interactions", "alle tweewegsinteracties"), std::nullopt, std::nullopt,
        std::nullopt, t("does not exist for these data", "bestaat niet voor deze gegevens")}},
      {t("Estimated victims, 2019", "Geschatte slachtoffers, 2019"), t("Method", "Methode"),
       t("95% interval", "95%-interval"), t("Note", "Toelichting"),
       t("registered", "geregistreerd")},
      1334.0));

  // 9. The waterfall of one pair near the threshold.
  const std::string waterfall = Spec(report::Waterfall(
      {{t("prior", "vooraf"), -9.6},
       {t("family name: exact", "achternaam: exact"), 7.9},
       {t("date of birth: year and month", "geboortedatum: jaar en maand"), 4.1},
       {t("nationality: different", "nationaliteit: verschillend"), -3.6},
       {t("gender: same", "geslacht: gelijk"), 1.2}},
      {t("Weight (bits)", "Gewicht (bits)"), t("Comparison and level", "Vergelijking en niveau"),
       t("Total", "Totaal"), t("threshold", "drempel")},
      0.9));

  const std::string table =
      t("<table><caption>Registered presumed victims by reporting source, 2019</caption>"
        "<thead><tr><th>Source</th><th class=\"num\">Persons</th></tr></thead><tbody>"
        "<tr><td>Police</td><td class=\"num\">952</td></tr>"
        "<tr><td>Care organisations</td><td class=\"num\">252</td></tr>"
        "<tr><td>Labour inspectorate</td><td class=\"num\">46</td></tr>"
        "<tr><td>Border police</td><td class=\"num\">10</td></tr>"
        "</tbody></table><p>A person can be reported by several sources.</p>",
        "<table><caption>Geregistreerde mogelijke slachtoffers naar melder, 2019</caption>"
        "<thead><tr><th>Melder</th><th class=\"num\">Personen</th></tr></thead><tbody>"
        "<tr><td>Politie</td><td class=\"num\">952</td></tr>"
        "<tr><td>Zorgorganisaties</td><td class=\"num\">252</td></tr>"
        "<tr><td>Arbeidsinspectie</td><td class=\"num\">46</td></tr>"
        "<tr><td>KMar</td><td class=\"num\">10</td></tr>"
        "</tbody></table><p>Een persoon kan door meer melders gemeld zijn.</p>");

  page.sections = {
      {"registered",
       t("Registered victims", "Geregistreerde slachtoffers"),
       t("<p>Records from every reporting organisation are linked into persons; a person counts "
         "once per year, whoever reported them. Counts below 10 are not published.</p>",
         "<p>Registraties van alle meldende organisaties zijn gekoppeld tot personen; een persoon "
         "telt eenmaal per jaar, wie hem ook meldde. Aantallen onder 10 worden niet "
         "gepubliceerd.</p>"),
       {{"minors", t("Share of minors", "Aandeel minderjarigen"),
         t("Share of registered presumed victims under 18, with its 95% interval.",
           "Aandeel geregistreerde mogelijke slachtoffers jonger dan 18, met 95%-interval."),
         minors},
        {"exploitation", t("Form of exploitation", "Vorm van uitbuiting"),
         t("Persons by form of exploitation and year. Criminal exploitation is also counted under "
           "labour in the monitor's own tables.",
           "Personen naar vorm van uitbuiting en jaar."),
         exploitation},
        {"visibility", t("Visibility of the sector", "Zichtbaarheid van de sector"),
         t("Sexual exploitation: visible (window, club, private house) and less visible "
           "(street, home, escort, other) sectors.",
           "Seksuele uitbuiting: zichtbare en minder zichtbare sectoren."),
         visibility}},
       {table}},
      {"estimate",
       t("Estimated victims", "Geschatte slachtoffers"),
       t("<p>Multiple systems estimation over the linked lists.</p>",
         "<p>Schatting met meerdere bronnen over de gekoppelde lijsten.</p>"),
       {{"dark-number",
         t("Registered and estimated victims", "Geregistreerde en geschatte slachtoffers"),
         t("The gap between the bar and the estimate is the dark number.",
           "Het verschil tussen de staaf en de schatting is het dark number."),
         dark_number},
        {"overlap", t("Overlap of the reporting sources, 2019", "Overlap van de melders, 2019"),
         t("Persons by the combination of sources that reported them.",
           "Personen naar de combinatie van melders die hen meldden."),
         overlap},
        {"sensitivity", t("Estimate by method", "Schatting per methode"),
         t("The estimate for 2019 by several methods, against the registered count.",
           "De schatting voor 2019 met verschillende methoden, naast het geregistreerde aantal."),
         methods}},
       {}},
      {"linkage",
       t("Record linkage", "Koppeling van registraties"),
       "",
       {{"match-weights", t("Match weights", "Matchgewichten"),
         t("Scored record pairs by match weight; pairs above the threshold are linked.",
           "Gescoorde paren naar matchgewicht; paren boven de drempel worden gekoppeld."),
         weights},
        {"m-and-u", t("m and u probabilities", "m- en u-kansen"),
         t("Per comparison level the probability of agreement among records of one person (m) "
           "and of different persons (u).",
           "Per vergelijkingsniveau de kans op overeenstemming bij dezelfde persoon (m) en bij "
           "verschillende personen (u)."),
         m_and_u},
        {"waterfall", t("A pair near the threshold", "Een paar bij de drempel"),
         t("The prior, then each comparison's weight; the last bar is the sum.",
           "De kans vooraf, dan het gewicht van elke vergelijking; de laatste staaf is de som."),
         waterfall}},
       {}}};
  page.footer_html = t("<p>Sample page written by report_sample. Figures are illustrative.</p>",
                       "<p>Voorbeeldpagina van report_sample. De cijfers zijn illustratief.</p>");
  return page;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::cerr << "usage: report_sample <out.html> [en|nl]\n";
    return 64;
  }
  const bool dutch = argc == 3 && std::string(argv[2]) == "nl";
  const Result<std::string> html = report::RenderPage(SamplePage(dutch));
  if (!html.ok()) {
    std::cerr << "report_sample: " << html.status().message() << "\n";
    return html.status().ExitCode();
  }
  std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
  out << html.value();
  out.close();
  if (!out) {
    std::cerr << "report_sample: could not write " << argv[1] << "\n";
    return 74;
  }
  std::cout << argv[1] << " (" << html.value().size() << " bytes)\n";
  return 0;
}

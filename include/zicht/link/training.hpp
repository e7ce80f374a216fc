// Training the Fellegi–Sunter model without labels, in the way Splink does: EM over the
// pairs that share a date of birth estimates m for every comparison but the date of birth,
// EM over the pairs that share a full name estimates m for every comparison but the names.
// Within such a block the non-matching pairs agree on the blocking key but are otherwise
// like random pairs, which is what holding u at its random-pair value assumes; over all
// candidate pairs they are not (candidates are chosen for looking alike), and EM there
// mistakes look-alikes for matches. The prior follows from the matches the date-of-birth
// session found, divided by the chance that a matching pair agrees on the date of birth.
//
// Thread safety: uses oneTBB's threads inside.
#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "zicht/link/comparison.hpp"
#include "zicht/link/fellegi_sunter.hpp"
#include "zicht/link/link_config.hpp"

namespace zicht::link {

// How many pairs have each comparison vector, compared on oneTBB's threads.
std::vector<PatternCount> CountPatterns(const Comparator& comparator,
                                        const std::vector<std::uint64_t>& pairs);

// u from random pairs, m by the training sessions, then the prior. Sessions with no pairs
// (no dates of birth, say) are left out. Without the date-of-birth session there is no
// count of matches for the prior: EM then runs over `candidate_pairs` with every
// comparison, starting from the m the other session estimated, as a last resort that the
// model's sessions record.
FsModel TrainModel(const Comparator& comparator, const LinkConfig& config,
                   const std::vector<std::uint64_t>& candidate_pairs);

// m and the prior from labelled records instead (Splink's estimate_m_from_label_column):
// `entity` gives each record's true person, or -1 where the record is not labelled (a
// clerical review of a sample, a simulated world's truth). m of each level is its share
// among the labelled matching candidate pairs where the comparison is not missing (with
// half a pair added to every level, and no m below 0.001); a comparison with fewer than
// 20 such pairs keeps the m it had. The prior is the share of matching pairs among all
// pairs of labelled records. u stays as it was, from random pairs. Recorded in the
// model's sessions. Also the way to measure what the model's form can reach on a data
// set: with its true m and prior, what is left of the errors is in the data.
inline constexpr std::string_view kLabelledSession = "truth labels";  // its session's rule
void EstimateMFromLabels(const Comparator& comparator,
                         const std::vector<std::uint64_t>& candidate_pairs,
                         const std::vector<std::int32_t>& entity, FsModel& model);

}  // namespace zicht::link

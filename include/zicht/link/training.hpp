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

}  // namespace zicht::link

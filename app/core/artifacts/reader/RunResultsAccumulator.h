// SPDX-License-Identifier: MIT
#pragma once

#include "artifacts/ArtifactIndex.h"
#include "artifacts/ArtifactSummary.h"
#include "artifacts/reader/Counts.h"
#include "artifacts/reader/Scalar.h"

#include <memory>
#include <string>
#include <vector>

namespace Dbtu::Reader {

/**
 * What run_results adds up to while it is read: status counts (raw and normalized), results by
 * resource type, execution times, the five slowest, the problems and the result ids. The SAX
 * handler fills the result being read (current) between beginResult() and endResult();
 * moveInto() hands the totals to the summary once the file is read.
 */
class RunResultsAccumulator
{
public:
    /** The result being read (the fields that count). */
    struct Entry
    {
        Scalar uid, status, message, failures, executionTime, timing, error, skip, fail, warn,
            nodeUid; // nodeUid: node.unique_id of a legacy (pre-0.19) result
        bool hasNode = false;
        bool hasUid = false;
    };
    /** A row of the slowest results; ordered slowest first, then by id, then by position. */
    struct SlowRow
    {
        double time;
        std::string uid;
        qint64 index;
        bool uidIsString;
        std::string status;
        bool operator<(const SlowRow &o) const
        {
            if (time != o.time) {
                return time > o.time;
            }
            if (uid != o.uid) {
                return uid < o.uid;
            }
            return index < o.index;
        }
    };

    void beginResult();
    void endResult();
    /** Moves the totals into r. */
    void moveInto(RunResultsSummary &r);

    Entry current;
    ArtifactIndex *diffIndex = nullptr; ///< when set, every result with a string id is added

    qint64 resultCount = 0;
    CountMap rawCounts, normCounts, byResourceType;
    double totalExec = 0;
    qint64 noTiming = 0;
    std::vector<SlowRow> slowest;
    QList<Problem> problems;
    std::shared_ptr<RunResultsSummary::ResultIds> resultIds
        = std::make_shared<RunResultsSummary::ResultIds>();
    bool sawLegacyResult = false;
};

} // namespace Dbtu::Reader

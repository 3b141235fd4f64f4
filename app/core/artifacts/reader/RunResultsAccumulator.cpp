// SPDX-License-Identifier: MIT
#include "artifacts/reader/RunResultsAccumulator.h"

#include <algorithm>
#include <cmath>

namespace Dbtu::Reader {

using namespace std::string_view_literals;

void RunResultsAccumulator::beginResult()
{
    Entry &e = current;
    for (Scalar *s : {&e.uid, &e.status, &e.message, &e.failures, &e.executionTime, &e.timing,
                      &e.error, &e.skip, &e.fail, &e.warn, &e.nodeUid}) {
        s->clear();
    }
    e.hasNode = false;
    e.hasUid = false;
}

void RunResultsAccumulator::endResult()
{
    const Entry &e = current;
    const qint64 index = resultCount++;
    const bool legacy = e.hasNode && !e.hasUid;
    const Scalar &uid = legacy ? e.nodeUid : e.uid;
    const bool uidIsString = uid.type == Scalar::Type::String;
    const std::string_view uidText = uidIsString ? std::string_view(uid.s) : ""sv;

    std::string norm;
    QVariant message;
    QVariant failures;
    if (legacy) {
        sawLegacyResult = true;
        const bool errorSet = e.error.present() && e.error.type != Scalar::Type::Null
                              && !(e.error.type == Scalar::Type::String && e.error.s.empty());
        if (errorSet) {
            norm = "error";
        } else if (e.skip.truthy()) {
            norm = "skipped";
        } else if (e.fail.truthy()) {
            norm = "fail";
        } else if (e.warn.truthy()) {
            norm = "warn";
        } else if (e.status.type == Scalar::Type::String
                   && QString::fromStdString(e.status.s).trimmed().toUpper()
                          == QLatin1String("ERROR")) {
            norm = "error";
        } else if (e.status.type == Scalar::Type::Int || e.status.type == Scalar::Type::Float) {
            norm = "pass";
        } else {
            norm = "success";
        }
        message = errorSet
                      ? e.error.toVariant()
                      : (e.status.type == Scalar::Type::String ? e.status.toVariant() : QVariant());
        if (e.status.type == Scalar::Type::Int && rtypeFromUid(uidText, uidIsString) == "test"sv) {
            failures = e.status.i;
        }
    } else {
        if (e.status.type == Scalar::Type::String) {
            norm = QString::fromStdString(e.status.s).trimmed().toLower().toStdString();
        } else if (e.status.isNullish()) {
            norm = "(null)";
        } else {
            norm = e.status.pyStr();
        }
        message = e.message.toVariant();
        failures = e.failures.toVariant();
    }

    bumpCount(rawCounts, e.status.isNullish() ? std::string("(null)") : e.status.pyStr());
    bumpCount(normCounts, norm);
    bumpCount(byResourceType, rtypeFromUid(uidText, uidIsString));
    const double et = e.executionTime.pyNum();
    totalExec += et;
    if (!e.timing.truthy()) {
        ++noTiming;
    }

    // top five, kept sorted
    SlowRow row{et, std::string(uidText), index, uidIsString && !uidText.empty(), norm};
    if (slowest.size() < 5 || row < slowest.back()) {
        slowest.insert(std::upper_bound(slowest.begin(), slowest.end(), row), std::move(row));
        if (slowest.size() > 5) {
            slowest.pop_back();
        }
    }

    if (norm == "error" || norm == "fail" || norm == "warn" || norm == "runtime error"
        || norm == "partial success") {
        Problem p;
        p.uniqueId = uidIsString ? QVariant(QString::fromStdString(uid.s)) : QVariant();
        p.resourceType = QString::fromUtf8(rtypeFromUid(uidText, uidIsString).data(),
                                           qsizetype(rtypeFromUid(uidText, uidIsString).size()));
        p.status = QString::fromStdString(norm);
        p.rawStatus = e.status.toVariant();
        p.message = message;
        p.failures = failures;
        problems.append(std::move(p));
    }

    if (diffIndex && uidIsString) {
        diffIndex->addResult(uidText, norm);
    }

    auto &ids = *resultIds;
    if (uidIsString) {
        ids.spans.emplace_back(quint32(ids.arena.size()), quint32(uidText.size()));
        ids.arena.append(uidText);
        ids.hashes.push_back(hashId(uidText.data(), uidText.size()));
    } else {
        ids.spans.emplace_back(0u, ~0u);
        ids.hashes.push_back(0);
    }
}

void RunResultsAccumulator::moveInto(RunResultsSummary &r)
{
    r.resultCount = resultCount;
    r.sumExecutionTime = std::round(totalExec * 1e6) / 1e6;
    r.resultsWithoutTiming = noTiming;
    r.statusCounts = toQMap(normCounts);
    r.statusCountsRaw = toQMap(rawCounts);
    r.resultsByResourceType = toQMap(byResourceType);
    for (const SlowRow &row : slowest) {
        r.slowest.append(
            {row.uidIsString ? std::optional(QString::fromStdString(row.uid)) : std::nullopt,
             row.time, QString::fromStdString(row.status)});
    }
    r.problems = std::move(problems);
    r.resultIds = std::move(resultIds);
}

} // namespace Dbtu::Reader

// SPDX-License-Identifier: MIT
#include "cli/InspectText.h"

#include "util/TextFormat.h"

namespace Dbtu::Cli {

namespace {

QString orUnknown(const std::optional<QString> &s)
{
    return s && !s->isEmpty() ? *s : QStringLiteral("unknown");
}

QString joinCounts(const QMap<QString, qint64> &counts, bool countFirst = true)
{
    QStringList parts;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        if (it.value() == 0) {
            continue;
        }
        parts << (countFirst ? QStringLiteral("%1 %2").arg(it.value()).arg(it.key())
                             : QStringLiteral("%1 %2").arg(it.key(), QString::number(it.value())));
    }
    return parts.isEmpty() ? QStringLiteral("none") : parts.join(QStringLiteral(" · "));
}

QString oneLine(QString text, int max = 160)
{
    text.replace(QLatin1String("\r\n"), QLatin1String(" "));
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    text = text.simplified();
    if (text.size() > max) {
        text = text.left(max - 1) + QStringLiteral("…");
    }
    return text;
}

} // namespace

QString inspectResultToText(const InspectResult &result)
{
    QString s;
    QTextStream out(&s);
    if (const auto &m = result.manifest) {
        out << m->path << "  (" << humanSize(m->sizeBytes) << ", manifest " << m->format << ", dbt "
            << orUnknown(m->metadata.dbtVersion) << ")\n";
        out << "  project      " << orUnknown(m->metadata.resolvedProjectName());
        if (m->metadata.adapterType) {
            out << " (" << *m->metadata.adapterType << ")";
        }
        out << "\n";
        out << "  generated    " << orUnknown(m->metadata.generatedAt) << "\n";
        out << "  resources    " << joinCounts(m->resourceTypeCounts) << "\n";
        out << "  models       " << joinCounts(m->modelsByMaterialization) << "\n";
        out << "  tests        " << joinCounts(m->testKinds) << "\n";
    }
    if (const auto &r = result.runResults) {
        if (result.manifest) {
            out << "\n";
        }
        out << r->path << "  (" << humanSize(r->sizeBytes) << ", run_results " << r->format
            << ", dbt " << orUnknown(r->metadata.dbtVersion) << ")\n";
        out << "  command      " << orUnknown(r->command);
        out << " — " << r->resultCount << " results";
        if (r->elapsedTime) {
            out << " in " << QString::number(*r->elapsedTime, 'f', 2) << " s";
        }
        out << "\n";
        out << "  generated    " << orUnknown(r->metadata.generatedAt) << "\n";
        out << "  statuses     " << joinCounts(r->statusCounts) << "\n";
        if (!r->slowest.isEmpty()) {
            out << "  slowest\n";
            for (const SlowNode &n : r->slowest) {
                out << "    " << QString::number(n.executionTime, 'f', 2).rightJustified(8)
                    << " s  " << n.uniqueId.value_or(QStringLiteral("(no id)")) << "  (" << n.status
                    << ")\n";
            }
        }
        out << "  problems     " << r->problems.size() << "\n";
        for (const Problem &p : r->problems) {
            out << "    " << p.status.toUpper().leftJustified(8) << " "
                << (p.uniqueId.isNull() ? QStringLiteral("(no id)") : p.uniqueId.toString());
            if (!p.failures.isNull()) {
                out << "  (" << p.failures.toString() << " failures)";
            }
            if (p.inManifest == false) {
                out << "  [not in manifest]";
            }
            out << "\n";
            if (!p.message.isNull()) {
                out << "             " << oneLine(p.message.toString()) << "\n";
            }
        }
    }
    if (result.manifest && result.runResults) {
        out << "\nsame invocation: " << result.sameInvocation() << "\n";
    }
    writeChecks(out, result.checks);
    out.flush();
    return s;
}

void writeChecks(QTextStream &stream, const QList<Check> &checks)
{
    for (const Check &c : checks) {
        stream << (c.level == Check::Level::Warning ? "warning: " : "note: ") << c.message << "\n";
    }
}

} // namespace Dbtu::Cli

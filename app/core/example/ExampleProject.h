// SPDX-License-Identifier: MIT
#pragma once

#include "Result.h"

#include <QString>
#include <QStringList>

namespace Dbtu {

/**
 * The example project: the artifacts of a `dbt build` of a small shop (jaffle_shop on duckdb:
 * three sources, six models, a seed and eight tests; one model takes seven minutes, two tests
 * fail and one warns), written by this project (resources/example/target). They are built into
 * the binary, so `dbt-uploader demo` and the File upload tab's "Open the example project" need
 * no file of the installation; the package also installs them (share/dbt-uploader/example).
 */
class ExampleProject
{
public:
    /** The file names in target/: manifest.json, run_results.json. */
    static QStringList fileNames();
    /**
     * Writes target/manifest.json and target/run_results.json under @p dir (made if missing,
     * files there replaced) and returns the target/ folder; an error names the file and the fix.
     */
    static Result<QString> writeTo(const QString &dir);
    /** Where the window keeps its copy: "example" in the app's data folder. */
    static QString userDir();
};

} // namespace Dbtu

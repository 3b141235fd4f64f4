// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace Dbtu::Sandbox {

/** One part of a multipart/form-data body, as MultipartParser found it. */
struct MultipartPart
{
    QString name;                    ///< the form field name (Content-Disposition name=)
    std::optional<QString> fileName; ///< set when the part is a file (filename= or filename*=)
    QByteArray contentType;          ///< the part's Content-Type, empty when absent
    QList<QPair<QByteArray, QByteArray>> headers; ///< every part header, names lower-cased
    QByteArray data;                              ///< the content, without the delimiting CRLF

    bool isFile() const { return fileName.has_value(); }
};

} // namespace Dbtu::Sandbox

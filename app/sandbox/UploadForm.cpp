// SPDX-License-Identifier: MIT
#include "sandbox/UploadForm.h"

#include "sandbox/JsonReply.h"
#include "sandbox/MultipartParser.h"

namespace Dbtu::Sandbox {

QByteArray requestHeader(const QHttpServerRequest &request, QByteArrayView name)
{
    for (const auto &[key, value] : request.headers()) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            return value;
        }
    }
    return QByteArray();
}

QJsonObject fieldExtra(const QString &field)
{
    return QJsonObject{{QStringLiteral("field"), field}};
}

std::variant<UploadForm, QHttpServerResponse>
readUploadForm(const QHttpServerRequest &request, const UploadStore &store,
               const QMap<QString, ArtifactKind> &fileFields, const QStringList &textFields)
{
    Result<QList<MultipartPart>> parts
        = MultipartParser::parse(requestHeader(request, "content-type"), request.body());
    if (!parts) {
        return jsonError(parts.error());
    }
    const QString expected = QStringList(fileFields.keys() + textFields).join(QStringLiteral(", "));
    UploadForm form;
    QStringList seen;
    for (const MultipartPart &part : parts.value()) {
        if (seen.contains(part.name)) {
            return jsonError(400,
                             QStringLiteral("field '%1' is given more than once").arg(part.name),
                             fieldExtra(part.name));
        }
        seen << part.name;
        if (fileFields.contains(part.name)) {
            if (!part.isFile()) {
                return jsonError(400,
                                 QStringLiteral("field '%1' must be a file upload (a part with a "
                                                "filename), as with curl -F '%1=@file.json'")
                                     .arg(part.name),
                                 fieldExtra(part.name));
            }
            Result<std::shared_ptr<QTemporaryFile>> staged
                = store.stage(part.name, part.data, fileFields.value(part.name));
            if (!staged) {
                return jsonError(staged.error().httpStatus, staged.error().message,
                                 fieldExtra(part.name));
            }
            form.files.append({part.name, staged.value()});
        } else if (textFields.contains(part.name) && !part.isFile()) {
            form.textFields.insert(part.name, QString::fromUtf8(part.data).trimmed());
        } else {
            return jsonError(400,
                             QStringLiteral("unexpected field '%1'; this endpoint takes: %2")
                                 .arg(part.name, expected),
                             fieldExtra(part.name));
        }
    }
    return form;
}

} // namespace Dbtu::Sandbox

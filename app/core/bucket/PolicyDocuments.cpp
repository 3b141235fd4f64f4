// SPDX-License-Identifier: MIT
#include "bucket/PolicyDocuments.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Dbtu::PolicyDocuments {

namespace {

QByteArray document(const QJsonArray &statements)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("Version"), QStringLiteral("2012-10-17")},
                                     {QStringLiteral("Statement"), statements}})
        .toJson(QJsonDocument::Indented);
}

QJsonArray resources(const QString &bucket)
{
    return {QStringLiteral("arn:aws:s3:::%1").arg(bucket),
            QStringLiteral("arn:aws:s3:::%1/*").arg(bucket)};
}

QJsonArray strings(std::initializer_list<const char *> list)
{
    QJsonArray a;
    for (const char *s : list) {
        a.append(QLatin1String(s));
    }
    return a;
}

} // namespace

QByteArray iamUserPolicy(const QString &bucket)
{
    return document({QJsonObject{
        {QStringLiteral("Sid"), QStringLiteral("SecodaDbtArtifacts")},
        {QStringLiteral("Effect"), QStringLiteral("Allow")},
        {QStringLiteral("Action"), strings({"s3:PutObject", "s3:PutObjectAcl", "s3:ListBucket",
                                            "s3:GetObject", "s3:GetObjectAcl", "s3:DeleteObject"})},
        {QStringLiteral("Resource"), resources(bucket)}}});
}

QByteArray uploaderPolicy(const QString &bucket, const QString &prefix)
{
    // '*', '?' and '$' are wildcards or variables in IAM; ${*} ${?} ${$} stand for the characters.
    QString literal;
    for (const QChar c : prefix) {
        if (c == QLatin1Char('*') || c == QLatin1Char('?') || c == QLatin1Char('$')) {
            literal += QStringLiteral("${%1}").arg(c);
        } else {
            literal += c;
        }
    }
    QJsonObject list{{QStringLiteral("Sid"), QStringLiteral("ListDbtArtifacts")},
                     {QStringLiteral("Effect"), QStringLiteral("Allow")},
                     {QStringLiteral("Action"), QStringLiteral("s3:ListBucket")},
                     {QStringLiteral("Resource"), QStringLiteral("arn:aws:s3:::%1").arg(bucket)}};
    if (!prefix.isEmpty()) {
        list.insert(QStringLiteral("Condition"),
                    QJsonObject{{QStringLiteral("StringLike"),
                                 QJsonObject{{QStringLiteral("s3:prefix"),
                                              QJsonArray{literal + QLatin1Char('*')}}}}});
    }
    return document({QJsonObject{{QStringLiteral("Sid"), QStringLiteral("PushDbtArtifacts")},
                                 {QStringLiteral("Effect"), QStringLiteral("Allow")},
                                 {QStringLiteral("Action"), QStringLiteral("s3:PutObject")},
                                 {QStringLiteral("Resource"),
                                  QStringLiteral("arn:aws:s3:::%1/%2*").arg(bucket, literal)}},
                     list});
}

QByteArray rolePermissionsPolicy(const QString &bucket)
{
    return document(
        {QJsonObject{{QStringLiteral("Sid"), QStringLiteral("SecodaReadDbtArtifacts")},
                     {QStringLiteral("Effect"), QStringLiteral("Allow")},
                     {QStringLiteral("Action"), strings({"s3:GetObject", "s3:ListBucket"})},
                     {QStringLiteral("Resource"), resources(bucket)}}});
}

QByteArray roleTrustPolicy(const QString &externalId)
{
    return document({QJsonObject{
        {QStringLiteral("Effect"), QStringLiteral("Allow")},
        {QStringLiteral("Principal"),
         QJsonObject{{QStringLiteral("AWS"),
                      QStringLiteral("arn:aws:iam::%1:root").arg(kSecodaAwsAccount)}}},
        {QStringLiteral("Action"), QStringLiteral("sts:AssumeRole")},
        {QStringLiteral("Condition"),
         QJsonObject{{QStringLiteral("StringEquals"),
                      QJsonObject{{QStringLiteral("sts:ExternalId"), externalId}}}}}}});
}

QByteArray gcsCors()
{
    return QJsonDocument(
               QJsonArray{QJsonObject{
                   {QStringLiteral("origin"), strings({"*"})},
                   {QStringLiteral("method"), strings({"GET", "POST", "PUT", "DELETE", "OPTIONS"})},
                   {QStringLiteral("responseHeader"), strings({"Content-Type"})},
                   {QStringLiteral("maxAgeSeconds"), 3600}}})
        .toJson(QJsonDocument::Indented);
}

QString gcsCorsCommand(const QString &bucket)
{
    return QStringLiteral("gsutil cors set cors.json gs://%1").arg(bucket);
}

} // namespace Dbtu::PolicyDocuments

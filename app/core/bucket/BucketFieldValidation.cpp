// SPDX-License-Identifier: MIT
#include "bucket/BucketFieldValidation.h"

#include "Translator.h"
#include "bucket/AzureConnectionString.h"
#include "bucket/BucketConfig.h"

#include <QHostAddress>
#include <QRegularExpression>

namespace Dbtu::BucketFieldValidation {

namespace {

constexpr Translator tr{"Dbtu::BucketFieldValidation"};

bool matches(const QString &pattern, const QString &value)
{
    const QRegularExpression re(QRegularExpression::anchoredPattern(pattern));
    return re.match(value).hasMatch();
}

/** Nothing when @p value matches @p pattern as a whole; else the invalid-input error given. */
Result<void> mustMatch(const QString &pattern, const QString &value, const QString &message,
                       const QString &hint)
{
    if (!matches(pattern, value)) {
        return Error::invalidInput(message, hint);
    }
    return {};
}

bool looksLikeIpv4(const QString &name)
{
    return matches(QStringLiteral(R"(\d{1,3}(\.\d{1,3}){3})"), name);
}

/**
 * The rules S3 and GCS bucket names and Azure container names share (length, characters, first
 * and last character, doubled separators, IP addresses), each kind with its own limits and
 * wording. The checks run in the order of the fields; a null text or a 0 limit skips a rule.
 */
struct NameRules
{
    const char *emptyMessage;
    const char *hint;
    const char *exempt = nullptr; ///< a name that is always fine
    /** Check the characters before the length (GCS: its limit depends on '.'). */
    bool charactersFirst = false;
    int minLength = 3;
    int maxLength = 63;
    int maxDottedLength = 0; ///< a longer limit for names with a '.'
    /** %1 the name, %2 its length; %3 the limit, only when maxDottedLength is set. */
    const char *lengthMessage = nullptr;
    const char *characters = nullptr; ///< a pattern for the whole name
    const char *charactersMessage = nullptr;
    int maxPartLength = 0; ///< each '.'-separated part has 1 to this many characters
    const char *partMessage = nullptr;
    const char *edgeMessage = nullptr; ///< first and last: a letter or digit
    const char *doubled = nullptr;     ///< a separator that may not come twice in a row
    const char *doubledMessage = nullptr;
    const char *ipAddressMessage = nullptr; ///< a name may not look like an IPv4 address
    /** The kind's own rules, checked last. */
    Result<void> (*more)(const QString &name, const QString &hint) = nullptr;
};

Result<void> checkName(const NameRules &rules, const QString &name)
{
    const QString hint = tr(rules.hint);
    if (name.isEmpty()) {
        return Error::invalidInput(tr(rules.emptyMessage), hint);
    }
    if (rules.exempt && name == QLatin1String(rules.exempt)) {
        return {};
    }
    const bool charactersOk = matches(QString::fromLatin1(rules.characters), name);
    if (rules.charactersFirst && !charactersOk) {
        return Error::invalidInput(tr(rules.charactersMessage).arg(name), hint);
    }
    const int maxLength = rules.maxDottedLength != 0 && name.contains(QLatin1Char('.'))
                              ? rules.maxDottedLength
                              : rules.maxLength;
    if (name.size() < rules.minLength || name.size() > maxLength) {
        const QString size = QString::number(name.size());
        return Error::invalidInput(
            rules.maxDottedLength != 0
                ? tr(rules.lengthMessage).arg(name, size, QString::number(maxLength))
                : tr(rules.lengthMessage).arg(name, size),
            hint);
    }
    if (!charactersOk) {
        return Error::invalidInput(tr(rules.charactersMessage).arg(name), hint);
    }
    if (rules.maxPartLength != 0) {
        const QStringList parts = name.split(QLatin1Char('.'));
        for (const QString &part : parts) {
            if (part.isEmpty() || part.size() > rules.maxPartLength) {
                return Error::invalidInput(tr(rules.partMessage).arg(name), hint);
            }
        }
    }
    if (!name.front().isLetterOrNumber() || !name.back().isLetterOrNumber()) {
        return Error::invalidInput(tr(rules.edgeMessage).arg(name), hint);
    }
    if (rules.doubled && name.contains(QLatin1String(rules.doubled))) {
        return Error::invalidInput(tr(rules.doubledMessage).arg(name), hint);
    }
    if (rules.ipAddressMessage && looksLikeIpv4(name)) {
        return Error::invalidInput(tr(rules.ipAddressMessage).arg(name), hint);
    }
    return rules.more ? rules.more(name, hint) : Result<void>();
}

Result<void> s3ReservedAffixes(const QString &name, const QString &hint)
{
    for (const char *reserved : {"xn--", "sthree-", "amzn-s3-demo-"}) {
        if (name.startsWith(QLatin1String(reserved))) {
            return Error::invalidInput(
                tr("The bucket name \"%1\" starts with the reserved prefix \"%2\".")
                    .arg(name, QLatin1String(reserved)),
                hint);
        }
    }
    for (const char *reserved : {"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"}) {
        if (name.endsWith(QLatin1String(reserved))) {
            return Error::invalidInput(
                tr("The bucket name \"%1\" ends with the reserved suffix \"%2\".")
                    .arg(name, QLatin1String(reserved)),
                hint);
        }
    }
    return {};
}

Result<void> gcsNoGoogle(const QString &name, const QString &hint)
{
    if (name.startsWith(QLatin1String("goog")) || name.contains(QLatin1String("google"))
        || name.contains(QLatin1String("g00gle"))) {
        return Error::invalidInput(
            tr("GCS bucket names may not begin with \"goog\" or contain \"google\"."), hint);
    }
    return {};
}

// What S3 and GCS say alike of a bucket name.
constexpr const char *kBucketEmpty
    = QT_TRANSLATE_NOOP("Dbtu::BucketFieldValidation", "The bucket name is empty.");
constexpr const char *kBucketHint = QT_TRANSLATE_NOOP(
    "Dbtu::BucketFieldValidation", "Use the bucket's exact name, e.g. my-dbt-artifacts.");
constexpr const char *kBucketEdge
    = QT_TRANSLATE_NOOP("Dbtu::BucketFieldValidation",
                        "The bucket name \"%1\" must begin and end with a letter or digit.");
constexpr const char *kBucketIpAddress = QT_TRANSLATE_NOOP(
    "Dbtu::BucketFieldValidation", "The bucket name \"%1\" is formatted as an IP address.");

constexpr NameRules kS3BucketRules{
    .emptyMessage = kBucketEmpty,
    .hint = kBucketHint,
    .lengthMessage
    = QT_TRANSLATE_NOOP("Dbtu::BucketFieldValidation",
                        "The bucket name \"%1\" has %2 characters; S3 bucket names have 3 to 63."),
    .characters = "[a-z0-9.-]+",
    .charactersMessage = QT_TRANSLATE_NOOP(
        "Dbtu::BucketFieldValidation",
        "The bucket name \"%1\" may hold only lower-case letters, digits, '.' and '-'."),
    .edgeMessage = kBucketEdge,
    .doubled = "..",
    .doubledMessage = QT_TRANSLATE_NOOP("Dbtu::BucketFieldValidation",
                                        "The bucket name \"%1\" has two periods in a row."),
    .ipAddressMessage = kBucketIpAddress,
    .more = s3ReservedAffixes,
};

constexpr NameRules kGcsBucketRules{
    .emptyMessage = kBucketEmpty,
    .hint = kBucketHint,
    .charactersFirst = true,
    .maxDottedLength = 222,
    .lengthMessage
    = QT_TRANSLATE_NOOP("Dbtu::BucketFieldValidation",
                        "The bucket name \"%1\" has %2 characters; GCS allows 3 to %3."),
    .characters = "[a-z0-9._-]+",
    .charactersMessage = QT_TRANSLATE_NOOP(
        "Dbtu::BucketFieldValidation",
        "The bucket name \"%1\" may hold only lower-case letters, digits, '.', '_' and '-'."),
    .maxPartLength = 63,
    .partMessage = QT_TRANSLATE_NOOP(
        "Dbtu::BucketFieldValidation",
        "Each dot-separated part of the bucket name \"%1\" must have 1 to 63 characters."),
    .edgeMessage = kBucketEdge,
    .ipAddressMessage = kBucketIpAddress,
    .more = gcsNoGoogle,
};

constexpr NameRules kAzureContainerRules{
    .emptyMessage
    = QT_TRANSLATE_NOOP("Dbtu::BucketFieldValidation", "The container name is empty."),
    .hint = QT_TRANSLATE_NOOP("Dbtu::BucketFieldValidation",
                              "Use the container's exact name, e.g. dbt-artifacts."),
    .exempt = "$root",
    .lengthMessage
    = QT_TRANSLATE_NOOP("Dbtu::BucketFieldValidation",
                        "The container name \"%1\" has %2 characters; Azure allows 3 to 63."),
    .characters = "[a-z0-9-]+",
    .charactersMessage = QT_TRANSLATE_NOOP(
        "Dbtu::BucketFieldValidation",
        "The container name \"%1\" may hold only lower-case letters, digits and '-'."),
    .edgeMessage
    = QT_TRANSLATE_NOOP("Dbtu::BucketFieldValidation",
                        "The container name \"%1\" must begin and end with a letter or digit."),
    .doubled = "--",
    .doubledMessage = QT_TRANSLATE_NOOP("Dbtu::BucketFieldValidation",
                                        "The container name \"%1\" has two hyphens in a row."),
};

} // namespace

Result<void> s3BucketName(const QString &name)
{
    return checkName(kS3BucketRules, name);
}

Result<void> gcsBucketName(const QString &name)
{
    return checkName(kGcsBucketRules, name);
}

Result<void> azureContainerName(const QString &name)
{
    return checkName(kAzureContainerRules, name);
}

Result<void> azureAccountName(const QString &name)
{
    return mustMatch(
        QStringLiteral("[a-z0-9]{3,24}"), name,
        tr("The storage account name \"%1\" must have 3 to 24 lower-case letters and digits.")
            .arg(name),
        tr("Copy it from the Azure portal (Storage accounts), e.g. mycompanydbt."));
}

Result<void> awsRegion(const QString &region)
{
    if (region.isEmpty()) {
        return Error::invalidInput(tr("The region is empty."),
                                   tr("Enter the bucket's region, e.g. us-east-1 or eu-west-1."));
    }
    return mustMatch(QStringLiteral(R"([a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2})"), region,
                     tr("\"%1\" is not an AWS region name.").arg(region),
                     tr("Region names look like us-east-1, eu-west-1 or ap-southeast-2 (the "
                        "bucket's Properties tab shows it)."));
}

Result<void> gcsRegion(const QString &region)
{
    if (region.isEmpty() || region == QLatin1String("auto")) {
        return {};
    }
    return mustMatch(QStringLiteral(R"([a-z]+(-[a-z]+\d*)*\d*)"), region,
                     tr("\"%1\" is not a GCS location.").arg(region),
                     tr("Use \"auto\" (what S3 tools use with GCS), or a location such as "
                        "us-central1 or eu."));
}

Result<void> roleArn(const QString &arn)
{
    const QString hint = tr("Copy the role's ARN from the IAM console, e.g. "
                            "arn:aws:iam::123456789012:role/secoda-dbt.");
    if (arn.isEmpty()) {
        return Error::invalidInput(tr("The role ARN is empty."), hint);
    }
    if (!arn.startsWith(QLatin1String("arn:"))) {
        return Error::invalidInput(
            tr("\"%1\" is not an ARN: it must begin with \"arn:\".").arg(arn), hint);
    }
    const QStringList parts = arn.split(QLatin1Char(':'));
    if (parts.size() != 6) {
        return Error::invalidInput(
            tr("The role ARN \"%1\" must have six ':'-separated parts.").arg(arn), hint);
    }
    if (!matches(QStringLiteral("aws(-cn|-us-gov)?"), parts[1])) {
        return Error::invalidInput(
            tr("The role ARN's partition \"%1\" is not aws, aws-cn or aws-us-gov.").arg(parts[1]),
            hint);
    }
    if (parts[2] != QLatin1String("iam") || !parts[3].isEmpty()) {
        return Error::invalidInput(
            tr("The ARN \"%1\" is not an IAM ARN (arn:aws:iam::ACCOUNT:role/NAME).").arg(arn),
            hint);
    }
    if (!matches(QStringLiteral(R"(\d{12})"), parts[4])) {
        return Error::invalidInput(
            tr("The account ID \"%1\" in the role ARN must be 12 digits.").arg(parts[4]), hint);
    }
    if (!parts[5].startsWith(QLatin1String("role/"))) {
        return Error::invalidInput(
            tr("The ARN \"%1\" names no role: the last part must be role/NAME.").arg(arn), hint);
    }
    const QString path = parts[5].mid(5);
    const QString name = path.section(QLatin1Char('/'), -1);
    if (!matches(QStringLiteral(R"([\w+=,.@/-]+)"), path) || name.isEmpty() || name.size() > 64) {
        return Error::invalidInput(
            tr("The role name \"%1\" must have 1 to 64 letters, digits or +=,.@_-.").arg(name),
            hint);
    }
    return {};
}

Result<void> externalId(const QString &id)
{
    if (!matches(QStringLiteral(R"([\w+=,.@:/-]{2,1224})"), id)) {
        return Error::invalidInput(
            tr("The external ID must have 2 to 1224 letters, digits or +=,.@:/_-."),
            tr("Copy the external ID Secoda shows in the bucket connection form."));
    }
    return {};
}

Result<void> accessKeyId(const QString &id)
{
    if (id.isEmpty()) {
        return Error::invalidInput(
            tr("The access key ID is empty."),
            tr("Set AWS_ACCESS_KEY_ID, or store the key in the keychain from the "
               "window's bucket settings."));
    }
    if (!matches(QStringLiteral("[A-Za-z0-9]{16,128}"), id)) {
        return Error::invalidInput(
            tr("The access key ID must have 16 to 128 letters and digits (it has %1 "
               "characters).")
                .arg(id.size()),
            tr("Copy the access key ID (AKIA…, ASIA… or GOOG…), not the secret."));
    }
    return {};
}

Result<void> prefix(const QString &value)
{
    if (value.isEmpty()) {
        return {};
    }
    const QString hint = tr("Write the path as Secoda expects it, e.g. dbt/prod (no leading '/').");
    if (value.startsWith(QLatin1Char('/'))) {
        return Error::invalidInput(
            tr("The path \"%1\" starts with '/'; Secoda expects no leading slash.").arg(value),
            hint);
    }
    if (value.toUtf8().size() > 900) {
        return Error::invalidInput(tr("The path is longer than 900 bytes."), hint);
    }
    for (const QChar c : value) {
        if (c.category() == QChar::Other_Control) {
            return Error::invalidInput(tr("The path holds a control character."), hint);
        }
    }
    QString trimmed = value;
    if (trimmed.endsWith(QLatin1Char('/'))) {
        trimmed.chop(1);
    }
    const QStringList segments = trimmed.split(QLatin1Char('/'));
    for (const QString &s : segments) {
        if (s.isEmpty() || s == QLatin1String(".") || s == QLatin1String("..")) {
            return Error::invalidInput(
                tr("The path \"%1\" has an empty, \".\" or \"..\" segment.").arg(value), hint);
        }
    }
    return {};
}

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0) {
        return true;
    }
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

Result<void> endpoint(const QUrl &url)
{
    const QString hint = tr("Use https://host[:port] (http:// only for a server on this "
                            "computer, e.g. an emulator on 127.0.0.1).");
    if (!url.isValid() || url.host().isEmpty()) {
        return Error::invalidInput(
            tr("The endpoint \"%1\" is not a valid URL.").arg(url.toDisplayString()), hint);
    }
    if (url.hasQuery() || url.hasFragment() || !url.userInfo().isEmpty()) {
        return Error::invalidInput(
            tr("The endpoint \"%1\" may not have a query, fragment or user name.")
                .arg(url.toDisplayString(QUrl::RemoveUserInfo)),
            hint);
    }
    const QString scheme = url.scheme();
    if (scheme == QLatin1String("https")) {
        return {};
    }
    if (scheme == QLatin1String("http")) {
        if (isLoopbackHost(url.host())) {
            return {};
        }
        return Error::invalidInput(
            tr("The endpoint %1 uses plain http; that is allowed only for this "
               "computer (loopback).")
                .arg(url.toDisplayString()),
            hint);
    }
    return Error::invalidInput(
        tr("The endpoint \"%1\" is not an http(s) URL.").arg(url.toDisplayString()), hint);
}

Result<void> connectionString(const QString &text)
{
    Result<AzureConnectionString> parsed = AzureConnectionString::parse(text);
    if (!parsed) {
        return parsed.error();
    }
    const QUrl blob = parsed.value().blobEndpoint;
    if (Result<void> ok = endpoint(blob); !ok) {
        Error e = ok.error();
        e.message = tr("The connection string's blob endpoint: %1").arg(e.message);
        return e;
    }
    return {};
}

Result<void> connectionStringAccount(const QString &text, const QString &accountName)
{
    Result<AzureConnectionString> parsed = AzureConnectionString::parse(text);
    if (parsed && !accountName.isEmpty() && !parsed.value().accountName.isEmpty()
        && parsed.value().accountName != accountName) {
        return Error::invalidInput(
            tr("The connection string is for account \"%1\", not \"%2\".")
                .arg(parsed.value().accountName, accountName),
            tr("Copy the connection string of account \"%1\", or correct the account "
               "name.")
                .arg(accountName));
    }
    return {};
}

QList<BucketFieldProblem> formProblems(const BucketConfig &config, Purpose purpose)
{
    using F = BucketField;
    const BucketProvider p = config.provider;
    const bool azure = p == BucketProvider::Azure;
    const bool gcs = p == BucketProvider::Gcs;
    const bool role = p == BucketProvider::S3Role;
    QList<BucketFieldProblem> problems;
    const auto check = [&problems](F field, const Result<void> &r, bool empty) {
        if (!r) {
            problems.append({field, r.error(), empty});
        }
    };
    const auto required = [&problems](F field, const QString &message, const QString &hint) {
        problems.append({field, Error::invalidInput(message, hint), true});
    };
    if (role) {
        check(F::RoleArn, roleArn(config.roleArn), config.roleArn.isEmpty());
        check(F::ExternalId, externalId(config.externalId), config.externalId.isEmpty());
    }
    if (azure) {
        check(F::AccountName, azureAccountName(config.accountName), config.accountName.isEmpty());
        const QString text = QString::fromUtf8(config.connectionString.reveal());
        if (text.isEmpty()) {
            required(F::ConnectionString, tr("The connection string is empty."),
                     tr("Copy it from the storage account: Security + networking → Access keys "
                        "→ Connection string."));
        } else if (Result<void> r = connectionString(text); !r) {
            check(F::ConnectionString, r, false);
        } else {
            // The account must be the one named in the form.
            check(F::ConnectionString, connectionStringAccount(text, config.accountName), false);
        }
        check(F::Container, azureContainerName(config.container), config.container.isEmpty());
    } else {
        const QString &keyId = config.credentials.accessKeyId;
        const bool secretEmpty = config.credentials.secretAccessKey.isEmpty();
        // The role's own keys are optional, but they go together.
        if (!role || !keyId.isEmpty() || !secretEmpty) {
            check(F::AccessKeyId, accessKeyId(keyId), keyId.isEmpty());
            if (secretEmpty) {
                required(F::SecretAccessKey,
                         gcs ? tr("The HMAC secret is empty.")
                             : tr("The secret access key is empty."),
                         gcs ? tr("Cloud Storage → Settings → Interoperability shows the secret "
                                  "once, when the HMAC key is created.")
                             : tr("IAM → Users → Security credentials shows the secret once, when "
                                  "the access key is created."));
            }
        }
        check(F::Region, gcs ? gcsRegion(config.region) : awsRegion(config.region),
              config.region.isEmpty());
        if (!config.endpoint.isEmpty()) { // else the provider's default
            check(F::Endpoint, endpoint(config.endpoint), false);
        }
        check(F::Bucket, gcs ? gcsBucketName(config.bucket) : s3BucketName(config.bucket),
              config.bucket.isEmpty());
    }
    check(F::Prefix, prefix(config.prefix), false);
    if (purpose == Purpose::Push && role && config.credentials.accessKeyId.isEmpty()) {
        required(F::AccessKeyId, tr("Pushing into the bucket needs your own keys."),
                 tr("The app cannot assume Secoda's role: give an access key that may write to "
                    "the bucket, or use the AWS S3 (IAM user) provider."));
    }
    return problems;
}

} // namespace Dbtu::BucketFieldValidation

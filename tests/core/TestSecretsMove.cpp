// SPDX-License-Identifier: MIT
// SecretsMove against a real Secret Service (KEYRING: a private gnome-keyring of its own).
#include "secrets/SecretStore.h"
#include "secrets/SecretsMove.h"

#include <QSignalSpy>
#include <QTest>

using namespace Dbtu;

namespace {

constexpr int kWait = 20000;
const QString kNotFound = QStringLiteral("<not found>");

} // namespace

class TestSecretsMove : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void movesEveryEntryAndDropsAStaleOne();
    void nothingToMove();
    void noKeys();

private:
    /** Runs @p job to its end; false if the keychain gave no answer in time. */
    bool run(SecretJob *job);
    void put(const QString &key, const QString &value);
    QString get(const QString &key);
    bool move(const QList<SecretsMove::Key> &keys, SecretsMove *&done);

    std::unique_ptr<SecretStore> m_store;
};

void TestSecretsMove::initTestCase()
{
    m_store = std::make_unique<SecretStore>(QStringLiteral("dbt-uploader-tests"));
}

bool TestSecretsMove::run(SecretJob *job)
{
    QSignalSpy done(job, &SecretJob::finished);
    job->start();
    return done.count() > 0 || done.wait(kWait);
}

void TestSecretsMove::put(const QString &key, const QString &value)
{
    SecretJob *job = m_store->write(key, Secret(value), this);
    QVERIFY2(run(job), "no answer from the keychain");
    QVERIFY2(!job->error(), qPrintable(job->error() ? job->error()->message : QString()));
    delete job;
}

QString TestSecretsMove::get(const QString &key)
{
    SecretJob *job = m_store->read(key, this);
    if (!run(job)) {
        return QStringLiteral("<no answer from the keychain>"); // the job deletes with this test
    }
    const QString value = job->error()   ? QStringLiteral("<error: %1>").arg(job->error()->message)
                          : job->found() ? QString::fromUtf8(job->secret()->reveal())
                                         : kNotFound;
    delete job;
    return value;
}

bool TestSecretsMove::move(const QList<SecretsMove::Key> &keys, SecretsMove *&done)
{
    auto *m = new SecretsMove(*m_store, keys, this);
    QSignalSpy finished(m, &SecretsMove::finished);
    m->start();
    if (finished.count() == 0 && !finished.wait(kWait)) {
        return false;
    }
    QTest::qWait(50); // finished() comes once
    if (finished.count() != 1) {
        return false;
    }
    done = m;
    return true;
}

void TestSecretsMove::movesEveryEntryAndDropsAStaleOne()
{
    const auto key = [](const QString &profile, const QString &field) {
        return QStringLiteral("bucket/%1/%2").arg(profile, field);
    };
    put(key(QStringLiteral("old"), QStringLiteral("access-key-id")), QStringLiteral("AKIDOLD"));
    put(key(QStringLiteral("old"), QStringLiteral("secret-access-key")), QStringLiteral("s e c"));
    // The new name holds a stale entry that the old one lacks: it must not join the move.
    put(key(QStringLiteral("new"), QStringLiteral("session-token")), QStringLiteral("stale"));

    QList<SecretsMove::Key> keys;
    for (const QString &field :
         {QStringLiteral("access-key-id"), QStringLiteral("secret-access-key"),
          QStringLiteral("session-token")}) {
        keys.append({key(QStringLiteral("old"), field), key(QStringLiteral("new"), field)});
    }
    SecretsMove *m = nullptr;
    QVERIFY(move(keys, m));
    QVERIFY2(!m->error(), qPrintable(m->error() ? m->error()->message : QString()));
    QCOMPARE(m->leftOver(), QStringList());

    QCOMPARE(get(key(QStringLiteral("new"), QStringLiteral("access-key-id"))),
             QStringLiteral("AKIDOLD"));
    QCOMPARE(get(key(QStringLiteral("new"), QStringLiteral("secret-access-key"))),
             QStringLiteral("s e c"));
    QCOMPARE(get(key(QStringLiteral("new"), QStringLiteral("session-token"))), kNotFound);
    for (const SecretsMove::Key &k : keys) {
        QCOMPARE(get(k.from), kNotFound);
    }
}

void TestSecretsMove::nothingToMove()
{
    const QList<SecretsMove::Key> keys = {
        {QStringLiteral("bucket/none/access-key-id"), QStringLiteral("bucket/none2/access-key-id")},
        {QStringLiteral("bucket/none/connection-string"),
         QStringLiteral("bucket/none2/connection-string")}};
    SecretsMove *m = nullptr;
    QVERIFY(move(keys, m));
    QVERIFY(!m->error());
    QCOMPARE(m->leftOver(), QStringList());
    for (const SecretsMove::Key &k : keys) {
        QCOMPARE(get(k.from), kNotFound);
        QCOMPARE(get(k.to), kNotFound);
    }
}

void TestSecretsMove::noKeys()
{
    SecretsMove m(*m_store, {});
    QSignalSpy finished(&m, &SecretsMove::finished);
    m.start();
    QCOMPARE(finished.count(), 0); // the job contract: never from inside start()
    QVERIFY(finished.wait(kWait));
    QCOMPARE(finished.count(), 1);
    QVERIFY(!m.error());
}

QTEST_GUILESS_MAIN(TestSecretsMove)
#include "TestSecretsMove.moc"

// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QFile>
#include <QIODevice>
#include <QList>

#include <memory>
#include <variant>

namespace Dbtu {

/**
 * A request body that can be read once only, from bytes and files in turn, streamed (a file is
 * never read whole into memory). Qt's HTTP layer silently sends a request again when the
 * connection drops after it went out; with a body it cannot rewind (reset() fails), Qt ends the
 * reply with ContentReSendError instead, so a request is only ever sent again by the job's own
 * RetryPolicy, with a fresh body. Send with a Content-Length of size() and
 * QNetworkRequest::DoNotBufferUploadDataAttribute, or Qt buffers it and can rewind after all.
 */
class OneShotBody : public QIODevice
{
public:
    explicit OneShotBody(QObject *parent = nullptr);

    void appendBytes(const QByteArray &bytes);
    /** Opens @p path; false (and errorString()) when it cannot be read. */
    bool appendFile(const QString &path);

    /** Opens the body for reading; call after the parts are appended. */
    bool openForReading();
    qint64 totalSize() const { return m_size; }

    bool isSequential() const override { return true; }
    /** Only before the first byte was read (Qt resets a body before it sends it): a body that
     * went out, even in part, is never sent again by Qt. */
    bool reset() override;
    bool atEnd() const override;
    qint64 bytesAvailable() const override;

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    using Segment = std::variant<QByteArray, std::shared_ptr<QFile>>;
    QList<Segment> m_segments;
    qsizetype m_current = 0;
    qint64 m_offset = 0; ///< into the current byte segment
    qint64 m_size = 0;
    qint64 m_read = 0;
};

} // namespace Dbtu

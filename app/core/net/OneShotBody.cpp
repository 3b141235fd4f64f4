// SPDX-License-Identifier: MIT
#include "net/OneShotBody.h"

#include <algorithm>

namespace Dbtu {

OneShotBody::OneShotBody(QObject *parent)
    : QIODevice(parent)
{}

void OneShotBody::appendBytes(const QByteArray &bytes)
{
    m_segments.append(bytes);
    m_size += bytes.size();
}

bool OneShotBody::appendFile(const QString &path)
{
    auto file = std::make_shared<QFile>(path);
    if (!file->open(QIODevice::ReadOnly)) {
        setErrorString(file->errorString());
        return false;
    }
    m_size += file->size();
    m_segments.append(std::move(file));
    return true;
}

bool OneShotBody::openForReading()
{
    return open(QIODevice::ReadOnly);
}

bool OneShotBody::reset()
{
    return m_read == 0 && QIODevice::reset();
}

bool OneShotBody::atEnd() const
{
    return m_read >= m_size;
}

qint64 OneShotBody::bytesAvailable() const
{
    return (m_size - m_read) + QIODevice::bytesAvailable();
}

qint64 OneShotBody::readData(char *data, qint64 maxSize)
{
    qint64 done = 0;
    while (done < maxSize && m_current < m_segments.size()) {
        Segment &segment = m_segments[m_current];
        qint64 got = 0;
        if (auto *bytes = std::get_if<QByteArray>(&segment)) {
            got = std::min<qint64>(maxSize - done, bytes->size() - m_offset);
            std::copy_n(bytes->constData() + m_offset, got, data + done);
            m_offset += got;
            if (m_offset >= bytes->size()) {
                ++m_current;
                m_offset = 0;
            }
        } else {
            QFile &file = *std::get<std::shared_ptr<QFile>>(segment);
            got = file.read(data + done, maxSize - done);
            if (got < 0) {
                setErrorString(file.errorString());
                return done > 0 ? done : -1;
            }
            if (got == 0) {
                ++m_current; // this file is done
            }
        }
        done += got;
    }
    m_read += done;
    return done > 0 || m_current < m_segments.size() ? done : -1;
}

} // namespace Dbtu

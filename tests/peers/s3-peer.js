#!/usr/bin/env node
// SPDX-License-Identifier: MIT
//
// An S3 (or GCS XML API) test peer: s3rver runs in-process on a private loopback port, and a
// front on another loopback port checks every request's SigV4 signature again with the AWS SDK's
// own signer (@smithy/signature-v4 + @aws-crypto/sha256-js) before passing it on. s3rver alone
// accepts any signature; the front answers S3's own XML errors instead.
//
// Usage: node s3-peer.js [--region R] [--gcs] [--bucket NAME]... [--key ID:SECRET:PERMS]...
//                        [--session-token TOKEN] [--expired-token TOKEN]
//   PERMS: any of l (list), r (read), w (write); default key set below when no --key is given.
//   --gcs: the region is "auto", as S3 tools use with storage.googleapis.com.
//   --session-token: every key is a temporary one (as from STS) that is valid only with this
//     X-Amz-Security-Token, signed (in SignedHeaders). As S3 answers: no token, 403
//     InvalidAccessKeyId; another token, 400 InvalidToken; --expired-token's, 400 ExpiredToken;
//     the token outside SignedHeaders, 403 AccessDenied (headers not signed).
// Prints "PORT <n>" on stdout once it listens on 127.0.0.1:<n>; stops on SIGTERM or SIGINT (or,
// with --watch-stdin, when stdin closes: a test that dies leaves no peer behind), removing its
// temporary directory.

'use strict';

const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const S3rver = require('s3rver');
const { SignatureV4 } = require('@smithy/signature-v4');
const { Sha256 } = require('@aws-crypto/sha256-js');

const MAX_SKEW_MS = 15 * 60 * 1000;

function parseArgs(argv) {
    const opts = {
        region: 'us-east-1', buckets: [], keys: new Map(), gcs: false, watchStdin: false,
        sessionToken: null, expiredToken: null,
    };
    for (let i = 0; i < argv.length; ++i) {
        const a = argv[i];
        if (a === '--region') {
            opts.region = argv[++i];
        } else if (a === '--gcs') {
            opts.gcs = true;
            opts.region = 'auto';
        } else if (a === '--bucket') {
            opts.buckets.push(argv[++i]);
        } else if (a === '--session-token') {
            opts.sessionToken = argv[++i];
        } else if (a === '--expired-token') {
            opts.expiredToken = argv[++i];
        } else if (a === '--watch-stdin') {
            opts.watchStdin = true;
        } else if (a === '--key') {
            const [id, secret, perms] = argv[++i].split(':');
            opts.keys.set(id, { secret, perms: perms || 'lrw' });
        } else {
            throw new Error(`unknown argument ${a}`);
        }
    }
    if (opts.keys.size === 0) {
        opts.keys.set('AKIAPEERFULL00000001', { secret: 'peer-full-secret', perms: 'lrw' });
        opts.keys.set('AKIAPEERREADONLY0001', { secret: 'peer-readonly-secret', perms: 'r' });
        opts.keys.set('AKIAPEERLISTONLY0001', { secret: 'peer-listonly-secret', perms: 'l' });
    }
    return opts;
}

function xmlEscape(s) {
    return String(s).replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function sendError(res, status, code, message, extra = {}, headers = {}) {
    let body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code>`
        + `<Message>${xmlEscape(message)}</Message>`;
    for (const [k, v] of Object.entries(extra)) {
        body += `<${k}>${xmlEscape(v)}</${k}>`;
    }
    body += `<RequestId>${crypto.randomBytes(8).toString('hex')}</RequestId></Error>`;
    res.writeHead(status, { 'Content-Type': 'application/xml', ...headers });
    res.end(body);
}

// The canonical URI as AWS computes it for S3: each byte outside the unreserved set encoded once.
function canonicalPath(rawPath) {
    const decoded = decodeURIComponent(rawPath);
    return decoded.split('/').map((seg) => encodeURIComponent(seg).replace(
        /[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())).join('/');
}

function parseAmzDate(s) {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s || '');
    return m ? new Date(Date.UTC(+m[1], m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : null;
}

// What a request needs: 'l' list (GET on the bucket), 'r' read (GET/HEAD on an object),
// 'w' write (PUT/POST/DELETE on an object).
function neededPermission(method, rawPath) {
    const parts = rawPath.split('/').filter((p) => p.length > 0);
    if (parts.length <= 1) {
        return method === 'GET' || method === 'HEAD' ? 'l' : 'w';
    }
    return method === 'GET' || method === 'HEAD' ? 'r' : 'w';
}

async function verify(opts, req, body, res) {
    const auth = req.headers.authorization || '';
    const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/.exec(auth);
    const url = new URL(req.url, 'http://peer');
    const bucket = url.pathname.split('/').filter((p) => p)[0] || '';
    if (!m) {
        sendError(res, 403, 'AccessDenied', 'Anonymous or malformed requests are not allowed.');
        return false;
    }
    const [, keyId, day, region, service, signedHeaders, signature] = m;
    const key = opts.keys.get(keyId);
    if (!key) {
        sendError(res, 403, 'InvalidAccessKeyId',
            'The AWS Access Key Id you provided does not exist in our records.',
            { AWSAccessKeyId: keyId });
        return false;
    }
    const token = req.headers['x-amz-security-token'];
    if (opts.sessionToken !== null) {
        if (token === undefined) {
            // What S3 says for a temporary (ASIA...) key sent without its session token.
            sendError(res, 403, 'InvalidAccessKeyId',
                'The AWS Access Key Id you provided does not exist in our records.',
                { AWSAccessKeyId: keyId });
            return false;
        }
        if (opts.expiredToken !== null && token === opts.expiredToken) {
            sendError(res, 400, 'ExpiredToken', 'The provided token has expired.',
                { 'Token-0': token });
            return false;
        }
        if (token !== opts.sessionToken) {
            sendError(res, 400, 'InvalidToken',
                'The provided token is malformed or otherwise invalid.', { 'Token-0': token });
            return false;
        }
        if (!signedHeaders.split(';').includes('x-amz-security-token')) {
            sendError(res, 403, 'AccessDenied',
                'There were headers present in the request which were not signed',
                { HeadersNotSigned: 'x-amz-security-token' });
            return false;
        }
    }
    if (region !== opts.region) {
        sendError(res, 400, 'AuthorizationHeaderMalformed',
            `The authorization header is malformed; the region '${region}' is wrong; expecting '${opts.region}'`,
            { Region: opts.region }, { 'x-amz-bucket-region': opts.region });
        return false;
    }
    const amzDate = req.headers['x-amz-date'];
    const when = parseAmzDate(amzDate);
    if (!when || amzDate.slice(0, 8) !== day) {
        sendError(res, 403, 'AccessDenied', 'X-Amz-Date is missing or does not match the scope.');
        return false;
    }
    if (Math.abs(Date.now() - when.getTime()) > MAX_SKEW_MS) {
        sendError(res, 403, 'RequestTimeTooSkewed',
            'The difference between the request time and the current time is too large.',
            { RequestTime: amzDate, ServerTime: new Date().toISOString(), MaxAllowedSkewMilliseconds: MAX_SKEW_MS });
        return false;
    }
    const contentSha = req.headers['x-amz-content-sha256'];
    if (!contentSha) {
        sendError(res, 400, 'InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
        return false;
    }
    if (contentSha !== 'UNSIGNED-PAYLOAD') {
        const actual = crypto.createHash('sha256').update(body).digest('hex');
        if (actual !== contentSha) {
            sendError(res, 400, 'XAmzContentSHA256Mismatch',
                "The provided 'x-amz-content-sha256' header does not match what was computed.",
                { ClientComputedContentSHA256: contentSha, S3ComputedContentSHA256: actual });
            return false;
        }
    }
    // Sign the request again over exactly the headers it says it signed.
    const headers = {};
    for (const name of signedHeaders.split(';')) {
        const v = req.headers[name];
        headers[name] = Array.isArray(v) ? v.join(',') : (v === undefined ? '' : v);
    }
    const query = {};
    for (const [k, v] of url.searchParams) {
        if (k in query) {
            query[k] = [].concat(query[k], v);
        } else {
            query[k] = v;
        }
    }
    const signer = new SignatureV4({
        credentials: { accessKeyId: keyId, secretAccessKey: key.secret, sessionToken: token },
        region, service, sha256: Sha256, uriEscapePath: false, applyChecksum: false,
    });
    const signed = await signer.sign({
        method: req.method, protocol: 'http:', hostname: headers.host || '',
        path: canonicalPath(url.pathname), query, headers,
    }, { signingDate: when });
    const expected = /Signature=([0-9a-f]{64})/.exec(signed.headers.authorization)[1];
    if (expected !== signature) {
        sendError(res, 403, 'SignatureDoesNotMatch',
            'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
            { AWSAccessKeyId: keyId });
        return false;
    }
    const needed = neededPermission(req.method, url.pathname);
    if (!key.perms.includes(needed)) {
        sendError(res, 403, 'AccessDenied', 'Access Denied', { BucketName: bucket });
        return false;
    }
    return true;
}

function forward(port, req, body, res) {
    const headers = { ...req.headers };
    for (const h of ['authorization', 'x-amz-security-token', 'x-amz-content-sha256', 'x-amz-date']) {
        delete headers[h];
    }
    headers['content-length'] = String(body.length);
    delete headers['transfer-encoding'];
    const up = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers }, (r) => {
        res.writeHead(r.statusCode, r.headers);
        r.pipe(res);
    });
    up.on('error', (e) => sendError(res, 500, 'InternalError', e.message));
    up.end(body);
}

async function main() {
    const opts = parseArgs(process.argv.slice(2));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbtu-s3-peer-'));
    const s3 = new S3rver({
        address: '127.0.0.1', port: 0, silent: true, directory: dir, vhostBuckets: false,
        configureBuckets: opts.buckets.map((name) => ({ name })),
    });
    const inner = await s3.run();
    const innerPort = inner.port;
    const front = http.createServer((req, res) => {
        const chunks = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => {
            const body = Buffer.concat(chunks);
            verify(opts, req, body, res).then((ok) => {
                if (ok) {
                    forward(innerPort, req, body, res);
                }
            }).catch((e) => sendError(res, 500, 'InternalError', e.message));
        });
    });
    front.listen(0, '127.0.0.1', () => {
        process.stdout.write(`PORT ${front.address().port}\n`);
    });
    let stopping = false;
    const stop = () => {
        if (stopping) {
            return;
        }
        stopping = true;
        front.close();
        s3.close().finally(() => {
            fs.rmSync(dir, { recursive: true, force: true });
            process.exit(0);
        });
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    if (opts.watchStdin) {
        process.stdin.on('end', stop);
        process.stdin.resume();
    }
}

main().catch((e) => {
    process.stderr.write(`s3-peer: ${e.stack || e}\n`);
    process.exit(1);
});

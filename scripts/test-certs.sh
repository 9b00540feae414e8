#!/usr/bin/env bash
# Makes the throwaway certificates the TLS tests use, with the openssl CLI, in DIR:
#
#   ca.pem                      test CA (CN "evmon test CA"); every good certificate chains to it
#   other-ca.pem                an unrelated CA (CN "evmon other CA")
#   server.pem/.key             server cert, SAN DNS:localhost, IP:127.0.0.1, signed by the test CA
#   wrong-host.pem/.key         signed by the test CA, but only for DNS:wrong.example
#   expired.pem/.key            good SANs, signed by the test CA, valid only in the past (2020)
#   untrusted.pem/.key          good SANs, signed by the other CA
#   client.pem/.key             client cert (CN evmon-client), signed by the test CA
#   client-encrypted.key        client.key as encrypted PKCS#8 (AES-256-CBC), passphrase evmon-key-pw
#
# Keys are EC P-256 in unencrypted PKCS#8 PEM ("BEGIN PRIVATE KEY"), which OpenSSL, BoringSSL
# (swift-nio-ssl), librdkafka, Redis, NATS and stunnel all read. Usage: scripts/test-certs.sh DIR
set -euo pipefail

DIR="${1:?usage: $0 DIR}"
KEY_PASSWORD=evmon-key-pw
mkdir -p "$DIR"
cd "$DIR"
rm -rf ca-db && mkdir ca-db

# Extensions for each kind of certificate. The CA carries a subject key id and every leaf an
# authority key id: OpenSSL's strict verification mode (Python 3.13's default) requires both.
cat > ext.cnf <<'EOF'
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[wrong_host]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:wrong.example
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF

# `openssl x509 -req` of OpenSSL 3.0 (Debian 12) cannot back-date a certificate (-not_before
# arrived in 3.4), so the expired one goes through `openssl ca`, whose -startdate/-enddate can.
cat > ca.cnf <<'EOF'
[ca]
default_ca = test_ca

[test_ca]
database = ca-db/index.txt
new_certs_dir = ca-db
serial = ca-db/serial
default_md = sha256
policy = any
copy_extensions = none
unique_subject = no

[any]
commonName = supplied
EOF
: > ca-db/index.txt
echo 1000 > ca-db/serial

new_key() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null
}

# new_ca NAME CN: a self-signed CA valid for ten years.
new_ca() {
  new_key "$1.key"
  openssl req -new -x509 -key "$1.key" -out "$1.pem" -days 3650 -subj "/CN=$2" \
    -extensions ca -config <(cat ext.cnf; printf '[req]\ndistinguished_name = dn\n[dn]\n')
}

# new_leaf NAME CN EXT_SECTION CA: a key and a certificate signed by CA, valid for two years.
new_leaf() {
  new_key "$1.key"
  openssl req -new -key "$1.key" -subj "/CN=$2" -out "$1.csr"
  openssl x509 -req -in "$1.csr" -CA "$4.pem" -CAkey "$4.key" -CAcreateserial -days 730 -sha256 \
    -extfile ext.cnf -extensions "$3" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr"
}

new_ca ca "evmon test CA"
new_ca other-ca "evmon other CA"

new_leaf server localhost server ca
new_leaf wrong-host wrong.example wrong_host ca
new_leaf untrusted localhost server other-ca
new_leaf client evmon-client client ca

new_key expired.key
openssl req -new -key expired.key -subj "/CN=localhost" -out expired.csr
openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -in expired.csr -out expired.pem -notext \
  -startdate 20200101000000Z -enddate 20200201000000Z -extfile ext.cnf -extensions server 2>/dev/null
rm -f expired.csr

openssl pkcs8 -topk8 -v2 aes-256-cbc -in client.key -passout "pass:$KEY_PASSWORD" -out client-encrypted.key

# Fail here, not in a test, if any certificate is not what its name says. (`! cmd` would not
# trip set -e, hence must_fail.)
must_fail() { if "$@" >/dev/null 2>&1; then echo "test-certs: unexpectedly passed: $*" >&2; exit 1; fi; }
openssl verify -CAfile ca.pem server.pem client.pem wrong-host.pem >/dev/null
openssl verify -CAfile ca.pem -verify_hostname localhost -verify_ip 127.0.0.1 server.pem >/dev/null
openssl verify -CAfile other-ca.pem untrusted.pem >/dev/null
must_fail openssl verify -CAfile ca.pem untrusted.pem
must_fail openssl verify -CAfile ca.pem expired.pem
openssl verify -CAfile ca.pem -no_check_time -verify_hostname localhost expired.pem >/dev/null
must_fail openssl verify -CAfile ca.pem -verify_hostname localhost wrong-host.pem
openssl pkey -in client-encrypted.key -passin "pass:$KEY_PASSWORD" -noout
# Keys 600: stunnel warns about anything looser.
chmod 644 ./*.pem
chmod 600 ./*.key

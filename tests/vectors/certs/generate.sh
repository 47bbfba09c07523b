#!/usr/bin/env bash
# Regenerates the test PKI in this directory with the openssl CLI. The committed files are what
# the tests use; run this only to replace them (every run makes new keys). Validity runs from
# 2024-01-01 to 2124-01-01, so clocks that lag a little do not matter.
#
#   ca.pem / ca.key                  test root CA (ECDSA P-256)
#   leaf-ecdsa.pem / .key            "localhost" (+127.0.0.1, ::1), ECDSA P-256, signed by ca
#   leaf-rsa.pem / .key              "localhost" (+127.0.0.1, ::1), RSA-2048, signed by ca
#   intermediate-{1,2,3}.pem / .key  ca -> intermediate-1 -> intermediate-2 -> intermediate-3
#   leaf-chain.pem / .key            "localhost", ECDSA P-256, signed by intermediate-3;
#                                    leaf-chain.pem holds the leaf then intermediates 3, 2, 1
#   untrusted-ca.pem / .key          a root nobody trusts
#   leaf-untrusted.pem / .key        "localhost", ECDSA P-256, signed by untrusted-ca
#   other-host.pem / .key            "example.org" only, ECDSA P-256, signed by ca
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
touch "$work/index.txt"
echo 1000 > "$work/serial"
cat > "$work/ca.cnf" <<CNF
[ca]
default_ca = test_ca
[test_ca]
database = $work/index.txt
serial = $work/serial
new_certs_dir = $work
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[any]
organizationName = optional
commonName = supplied
[req]
distinguished_name = dn
[dn]
[root_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[intermediate_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = \${ENV::SAN}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

ec_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
rsa_key() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null; }

# sign NAME CN EXTENSIONS ISSUER: a certificate for NAME.key (self-signed when ISSUER is NAME).
sign() {
  local name=$1 cn=$2 ext=$3 issuer=$4
  SAN=${SAN:-DNS:unused} openssl req -new -key "$name.key" -subj "/O=quasar test/CN=$cn" \
    -config "$work/ca.cnf" -out "$work/$name.csr"
  local self=()
  [[ $issuer == "$name" ]] && self=(-selfsign)
  SAN=${SAN:-DNS:unused} openssl ca -batch -config "$work/ca.cnf" "${self[@]}" \
    -cert "$issuer.pem" -keyfile "$issuer.key" -in "$work/$name.csr" -extensions "$ext" \
    -startdate 20240101000000Z -enddate 21240101000000Z -notext -out "$name.pem" 2>/dev/null
}

localhost_san="DNS:localhost,IP:127.0.0.1,IP:::1"
ec_key ca.key
sign ca "quasar test root CA" root_ext ca
ec_key leaf-ecdsa.key
SAN=$localhost_san sign leaf-ecdsa localhost leaf_ext ca
rsa_key leaf-rsa.key
SAN=$localhost_san sign leaf-rsa localhost leaf_ext ca
ec_key intermediate-1.key
sign intermediate-1 "quasar test intermediate 1" intermediate_ext ca
ec_key intermediate-2.key
sign intermediate-2 "quasar test intermediate 2" intermediate_ext intermediate-1
ec_key intermediate-3.key
sign intermediate-3 "quasar test intermediate 3" intermediate_ext intermediate-2
ec_key leaf-chain.key
SAN=$localhost_san sign leaf-chain localhost leaf_ext intermediate-3
cat intermediate-3.pem intermediate-2.pem intermediate-1.pem >> leaf-chain.pem
ec_key untrusted-ca.key
sign untrusted-ca "quasar untrusted CA" root_ext untrusted-ca
ec_key leaf-untrusted.key
SAN=$localhost_san sign leaf-untrusted localhost leaf_ext untrusted-ca
ec_key other-host.key
SAN=DNS:example.org sign other-host example.org leaf_ext ca

# Every leaf must verify against its root (the chain through the intermediates included).
openssl verify -CAfile ca.pem leaf-ecdsa.pem leaf-rsa.pem other-host.pem >/dev/null
openssl verify -CAfile ca.pem -untrusted leaf-chain.pem leaf-chain.pem >/dev/null
openssl verify -CAfile untrusted-ca.pem leaf-untrusted.pem >/dev/null
echo "certificates regenerated in $(pwd)"

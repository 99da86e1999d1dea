#include "fakes/net/test_cert.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace dnsfailover::fakes::net {
namespace {

template <auto Free>
struct Deleter {
  template <class T>
  void operator()(T* p) const { Free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free>>;

[[noreturn]] void fail(const std::string& step) {
  const unsigned long code = ERR_get_error();
  char reason[256] = "unknown error";
  if (code != 0) ERR_error_string_n(code, reason, sizeof reason);
  ERR_clear_error();
  throw std::runtime_error("test certificate: " + step + ": " + reason);
}

void check(int ok, const char* step) {
  if (ok != 1) fail(step);
}

KeyPtr newKey() {
  KeyPtr key(EVP_EC_gen("P-256"));
  if (!key) fail("generate EC key");
  return key;
}

std::string keyToPem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr), "write key");
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

std::string certToPem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  check(PEM_write_bio_X509(bio.get(), cert), "write certificate");
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

KeyPtr keyFromPem(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  KeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key) fail("read key");
  return key;
}

CertPtr certFromPem(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  CertPtr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) fail("read certificate");
  return cert;
}

void addExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (ext == nullptr) fail("extension " + value);
  const int added = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  check(added, "add extension");
}

// A certificate with a random serial, valid from an hour ago (clock skew
// between test processes) for a year, for `key`, named `commonName`.
CertPtr newCert(EVP_PKEY* key, const std::string& commonName) {
  CertPtr cert(X509_new());
  if (!cert) fail("new certificate");
  check(X509_set_version(cert.get(), 2), "set version");  // v3
  unsigned char serial[16];
  check(RAND_bytes(serial, sizeof serial), "random serial");
  serial[0] &= 0x7f;  // positive
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  ASN1_INTEGER* asn1 = BN_to_ASN1_INTEGER(bn, nullptr);
  BN_free(bn);
  if (asn1 == nullptr) fail("serial");
  X509_set_serialNumber(cert.get(), asn1);
  ASN1_INTEGER_free(asn1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 365L * 24 * 3600);
  check(X509_set_pubkey(cert.get(), key), "set public key");
  X509_NAME* name = X509_get_subject_name(cert.get());
  check(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>("dnsfailover test"), -1, -1, 0),
        "subject O");
  check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(commonName.c_str()), -1, -1, 0),
        "subject CN");
  return cert;
}

}  // namespace

PemPair makeTestCa(const std::string& commonName) {
  KeyPtr key = newKey();
  CertPtr cert = newCert(key.get(), commonName);
  check(X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get())), "issuer");
  addExtension(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE");
  addExtension(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  addExtension(cert.get(), cert.get(), NID_subject_key_identifier, "hash");
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) fail("sign CA");
  return {certToPem(cert.get()), keyToPem(key.get())};
}

PemPair makeServerCert(const PemPair& ca, const std::vector<std::string>& names, const std::vector<std::string>& ips) {
  if (names.empty() && ips.empty()) throw std::runtime_error("test certificate: no names and no addresses");
  KeyPtr caKey = keyFromPem(ca.keyPem);
  CertPtr caCert = certFromPem(ca.certPem);
  KeyPtr key = newKey();
  CertPtr cert = newCert(key.get(), names.empty() ? ips.front() : names.front());
  check(X509_set_issuer_name(cert.get(), X509_get_subject_name(caCert.get())), "issuer");
  std::string san;
  for (const auto& n : names) san += (san.empty() ? "DNS:" : ",DNS:") + n;
  for (const auto& ip : ips) san += (san.empty() ? "IP:" : ",IP:") + ip;
  addExtension(cert.get(), caCert.get(), NID_basic_constraints, "critical,CA:FALSE");
  addExtension(cert.get(), caCert.get(), NID_key_usage, "critical,digitalSignature");
  addExtension(cert.get(), caCert.get(), NID_ext_key_usage, "serverAuth");
  addExtension(cert.get(), caCert.get(), NID_subject_alt_name, san);
  addExtension(cert.get(), caCert.get(), NID_subject_key_identifier, "hash");
  addExtension(cert.get(), caCert.get(), NID_authority_key_identifier, "keyid:always");
  if (X509_sign(cert.get(), caKey.get(), EVP_sha256()) == 0) fail("sign server certificate");
  return {certToPem(cert.get()), keyToPem(key.get())};
}

void writeTextFile(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      throw std::runtime_error("cannot write " + path + ": " + std::strerror(err));
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
}

}  // namespace dnsfailover::fakes::net

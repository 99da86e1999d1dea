#pragma once
// Throw-away PKI for loopback tests and the demo: a self-signed CA and
// server certificates it signs for given DNS names and IP addresses
// (EC P-256, SHA-256, OpenSSL 3 API). Everything is PEM text, so a test can
// hand the CA to the client (HttpClientOptions::caFile) and the pair to a
// server (HttpServer, catserver --tls-cert/--tls-key).

#include <string>
#include <vector>

namespace dnsfailover::fakes::net {

struct PemPair {
  std::string certPem;
  std::string keyPem;
};

// Throws std::runtime_error with OpenSSL's reason when a step fails.
PemPair makeTestCa(const std::string& commonName);
// `names` become DNS subjectAltNames, `ips` IP subjectAltNames; the first
// name (or IP) is also the subject CN. Valid from an hour ago for a year.
PemPair makeServerCert(const PemPair& ca, const std::vector<std::string>& names,
                       const std::vector<std::string>& ips = {});

// Writes `text` to `path` (0600); throws std::runtime_error naming the path.
void writeTextFile(const std::string& path, const std::string& text);

}  // namespace dnsfailover::fakes::net

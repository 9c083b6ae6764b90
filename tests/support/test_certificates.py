"""A certificate authority and a server certificate for 127.0.0.1 and
localhost, made with the openssl command for one test run. The C++ tests run
this file as a program (test_certificates.cpp)."""
import os
import subprocess


def make_test_certificates(directory):
    """Writes ca.pem, server.pem and server.key into `directory`; returns their paths as (ca, cert, key)."""
    os.makedirs(directory, exist_ok=True)

    def path(name):
        return os.path.join(directory, name)

    ec_key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]

    def openssl(*args):
        done = subprocess.run(["openssl", *args], capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"openssl {args[0]} failed: {done.stderr}")

    openssl("req", "-x509", *ec_key, "-keyout", path("ca.key"), "-out", path("ca.pem"), "-days", "2",
            "-subj", "/CN=simpleflow test CA", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    openssl("req", *ec_key, "-keyout", path("server.key"), "-out", path("server.csr"), "-subj", "/CN=127.0.0.1")
    with open(path("server.ext"), "w") as ext:
        ext.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                  "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n")
    openssl("x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
            "-CAcreateserial", "-out", path("server.pem"), "-days", "2", "-extfile", path("server.ext"))
    return path("ca.pem"), path("server.pem"), path("server.key")


if __name__ == "__main__":
    # For the C++ tests (test_certificates.cpp): makes the files in argv[1].
    import sys
    make_test_certificates(sys.argv[1])

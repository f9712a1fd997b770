# Shared set-up for Scripts/serve and Scripts/test: system packages and the Swift toolchain.
# Sourced, not run: it exits the calling script when something is missing and cannot be installed.

rampart_require_toolchain() {
    if ! command -v swift >/dev/null 2>&1; then
        if [ -x /opt/swift/usr/bin/swift ]; then
            export PATH="/opt/swift/usr/bin:$PATH"
        else
            echo "error: the Swift 6.3 toolchain is not on PATH (expected 'swift'); install it from swift.org" >&2
            exit 1
        fi
    fi
}

# Debian packages Rampart links against, keyed by the pkg-config module that proves each is installed.
rampart_install_system_packages() {
    local missing=()
    pkg-config --exists yaml-0.1 2>/dev/null || missing+=(libyaml-dev)
    pkg-config --exists sqlite3 2>/dev/null || missing+=(libsqlite3-dev)
    pkg-config --exists openssl 2>/dev/null || missing+=(libssl-dev)
    command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
    # The production-mode tests make a self-signed certificate and fetch over HTTPS with these.
    command -v openssl >/dev/null 2>&1 || missing+=(openssl)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    if [ ${#missing[@]} -eq 0 ]; then
        return 0
    fi
    if [ "$(id -u)" -eq 0 ]; then
        echo "installing ${missing[*]}" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
    else
        echo "error: missing system packages: ${missing[*]}" >&2
        echo "run:   sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
}

rampart_setup() {
    rampart_require_toolchain
    rampart_install_system_packages
}

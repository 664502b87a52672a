#!/bin/bash
# Runs once, when the data directory is initialised (docker-entrypoint-initdb.d): the roles and
# the database of scripts/pg. Migrations are applied afterwards (scripts/deploy-smoke --dev).
set -euo pipefail
psql -v ON_ERROR_STOP=1 -U postgres -d postgres \
  -v owner_pw="$ALGA_OWNER_PASSWORD" -v registry_pw="$ALGA_REGISTRY_PASSWORD" -v gateway_pw="$ALGA_GATEWAY_PASSWORD" <<'SQL'
CREATE ROLE alga_owner LOGIN CREATEDB NOSUPERUSER NOCREATEROLE NOBYPASSRLS PASSWORD :'owner_pw';
CREATE ROLE alga_registry LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD :'registry_pw';
CREATE ROLE alga_gateway LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD :'gateway_pw';
CREATE ROLE alga_rls_admin NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE BYPASSRLS;
GRANT alga_rls_admin TO alga_owner;
CREATE DATABASE alga OWNER alga_owner;
SQL
psql -v ON_ERROR_STOP=1 -U postgres -d alga -c \
  "REVOKE ALL ON DATABASE alga FROM PUBLIC; GRANT CONNECT ON DATABASE alga TO alga_owner, alga_registry, alga_gateway;"

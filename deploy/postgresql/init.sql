-- First start of the compose deployment's PostgreSQL: a role and database for the hub, and one
-- role owning Temporal's two databases (its schema tool creates the tables). Passwords are set
-- afterwards by the operator (README, "Production"), never written here.
CREATE ROLE switchboard LOGIN;
CREATE DATABASE switchboard OWNER switchboard;
CREATE ROLE temporal LOGIN CREATEDB;
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;
-- TLS only, with passwords, from the compose network.

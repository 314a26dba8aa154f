// Package deploy holds the production deployment files' check: the
// docker-compose.yml and Dockerfile at the repository root cannot run on a
// machine without Docker, so a test keeps them consistent with the README.
package deploy

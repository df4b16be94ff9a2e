#!/usr/bin/env bash
# `make run`: the development server and, beside it, a real Celery worker with beat on an
# embedded broker (kombu's filesystem transport under var/broker: no server to install), so
# that deadline reminders and the bell work in the demo as in production. Emails are written
# to var/mail/ (one .log file per batch), never sent. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"
export DEBUG="${DEBUG:-true}"
export CELERY_BROKER_URL="${CELERY_BROKER_URL:-filesystem://}"
export EMAIL_URL="${EMAIL_URL:-filemail://$PWD/var/mail}"
export SITE_URL="${SITE_URL:-http://127.0.0.1:$PORT}"
# Scan for due reminders every minute in the demo (production: every 15 minutes).
export REMINDER_SCAN_MINUTES="${REMINDER_SCAN_MINUTES:-1}"
mkdir -p var/broker var/mail

.venv/bin/celery -A songlo worker --beat --pool=solo --loglevel=INFO \
  --schedule=var/celerybeat-schedule --without-mingle --without-gossip &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT INT TERM

echo "Songlo: http://127.0.0.1:$PORT/  (emails: $PWD/var/mail/)"
.venv/bin/python manage.py runserver "127.0.0.1:$PORT" ${RUNSERVER_ARGS:-}

"""gunicorn settings for 码上督 (docs/deployment.md §One machine).

    gunicorn -c deploy/gunicorn.conf.py mashangdu.wsgi:application

Every value can be overridden by the environment variable named beside it (the systemd unit's
EnvironmentFile), so one file serves a 2-core county server and a larger app server behind a load balancer.
"""

import os

# Behind nginx on the same machine; an app server behind a load balancer binds its private address instead.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: a request is Python work and short database round trips, so about one or two per core
# (the load figures of docs/benchmarks.md were measured with 2 on 2 cores). Each worker holds one
# persistent database connection per alias (DB_CONN_MAX_AGE): the primary's max_connections must cover
# workers × app servers plus the job workers, and each replica's its share of them.
workers = int(os.environ.get("WEB_WORKERS", "2"))
# The slowest page (a drill-down at a million appeals) answers in well under a second; an export runs as a
# job. A worker silent for 30 s is stuck: gunicorn kills and replaces it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 5
keepalive = 5  # nginx keeps upstream connections open (deploy/nginx-mashangdu.conf, keepalive 16)
# Recycle workers now and then so a slow leak in a library cannot grow without bound; the jitter keeps them
# from restarting all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
# Request line and headers are bounded here as well as in nginx (defence in depth).
limit_request_line = 8190
limit_request_fields = 100
# Logs go to stdout/stderr (journald under systemd). The access log leaves out query strings, referrers and
# the client address (personal data: a searched phone, a tracking code); nginx keeps its own log.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss'
errorlog = "-"
# nginx (or the load balancer) sets X-Forwarded-For / -Proto; only it may (settings.SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "mashangdu-web"
# gunicorn 27's control socket listens at one path in the user's home ($HOME/.gunicorn/gunicorn.ctl): two servers
# on a machine (the replica rehearsal's, a bench beside the service) would take it from each other, and nothing
# of ours uses it: systemd and signals run the server.
control_socket_disable = True

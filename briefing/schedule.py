"""Text for the schedulers we rely on instead of a daemon of our own: cron, systemd, Kubernetes."""
from __future__ import annotations

import shlex
import shutil
import sys
from pathlib import Path

from briefing.errors import BriefingError

_CRON_FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day of month", 1, 31), ("month", 1, 12),
                ("day of week", 0, 7))
_NAMES = {3: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
          4: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]}
_MACROS = {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly", "@reboot"}


def _cron_value(text: str, index: int) -> int:
    names = _NAMES.get(index)
    if names and text.upper() in names:
        return names.index(text.upper()) + (1 if index == 3 else 0)
    if not text.isdigit():
        raise ValueError(text)
    return int(text)


def validate_cron(expr: str) -> None:
    """Accept what Vixie cron accepts: five fields of numbers, names, ranges, lists and steps."""
    if expr.strip() in _MACROS:
        return
    fields = expr.split()
    if len(fields) != 5:
        raise BriefingError(f"the cron expression '{expr}' has {len(fields)} fields, not 5",
                            hint='write minute hour day-of-month month day-of-week, e.g. "0 7 * * MON"')
    for index, (field, (name, lo, hi)) in enumerate(zip(fields, _CRON_FIELDS, strict=False)):
        for part in field.split(","):
            body, _, step = part.partition("/")
            try:
                if step and (not step.isdigit() or int(step) == 0):
                    raise ValueError(step)
                if body != "*":
                    ends = body.split("-")
                    if len(ends) > 2:
                        raise ValueError(body)
                    values = [_cron_value(v, index) for v in ends]
                    if any(v < lo or v > hi for v in values) or values != sorted(values):
                        raise ValueError(body)
            except ValueError:
                raise BriefingError(f"the cron {name} field '{field}' is not valid (allowed {lo}-{hi})",
                                    hint='see `man 5 crontab`; e.g. "0 7 * * MON"') from None


def _command(config: Path | None) -> list[str]:
    exe = shutil.which("briefing") or f"{sys.executable} -m briefing"
    args = exe.split() + ["-q", "build", "--if-changed", "--wait", "600"]
    if config:
        args += ["-c", str(config)]
    return args


def crontab_line(expr: str, config: Path | None) -> str:
    validate_cron(expr)
    workdir = config.parent if config else Path.cwd()
    cmd = " ".join(shlex.quote(a) for a in _command(config))
    # cron mails any output: -q keeps it to warnings and errors, which is what needs a human.
    return f"{expr} cd {shlex.quote(str(workdir))} && {cmd}"


def systemd_units(on_calendar: str, config: Path | None) -> str:
    workdir = config.parent if config else Path.cwd()
    cmd = " ".join(shlex.quote(a) for a in _command(config))
    return f"""\
# /etc/systemd/system/briefing.service
[Unit]
Description=Regenerate AI-policy briefs (briefing)
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
WorkingDirectory={workdir}
ExecStart={cmd}
Nice=10
# Exit 1 (some outputs failed) and 2 (bad input) mark the unit failed: alert on that.

# /etc/systemd/system/briefing.timer
[Unit]
Description=Regenerate AI-policy briefs on a schedule

[Timer]
OnCalendar={on_calendar}
Persistent=true
RandomizedDelaySec=300

[Install]
WantedBy=timers.target
"""


def cronjob_manifest(schedule: str, config: Path | None, image: str) -> str:
    """concurrencyPolicy Forbid keeps runs from overlapping across pods; the file lock does within one."""
    validate_cron(schedule)
    config_arg = f" -c /config/{config.name}" if config else ""
    return f"""\
apiVersion: batch/v1
kind: CronJob
metadata:
  name: briefing
spec:
  schedule: "{schedule}"
  concurrencyPolicy: Forbid
  successfulJobsHistoryLimit: 3
  failedJobsHistoryLimit: 5
  jobTemplate:
    spec:
      backoffLimit: 0
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: briefing
              image: {image}
              workingDir: /config
              # An image with briefing installed (`pip install .` from this repository).
              command: ["sh", "-c"]
              args:
                - briefing -q --log-format json build --if-changed --wait 600{config_arg} -o /briefs
              volumeMounts:
                - name: config
                  mountPath: /config
                - name: briefs
                  mountPath: /briefs
          volumes:
            - name: config
              configMap:
                name: briefing-config
            - name: briefs
              persistentVolumeClaim:
                claimName: briefing-briefs
"""

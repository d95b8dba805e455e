"""What each pattern the models use means, and how to write a value that matches,
for messages that would otherwise quote a regular expression.
"""

from __future__ import annotations

PATTERNS = {
    r"^[a-z0-9][a-z0-9._-]{0,63}$": (
        "an identifier",
        "use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, "
        "at most 64 characters; no spaces, slashes or markup",
    ),
    r"^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}$": (
        'a version such as "3.0"',
        "use letters, digits, '.', '+' and '-', at most 32 characters, and quote it",
    ),
    r"^[a-z0-9][a-z0-9._-]*@[0-9A-Za-z.+-]+$": (
        "a process as id@version, e.g. eid-gateway@3.0",
        "name the process's id and version, joined by '@'",
    ),
    r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$": (
        "a change id such as EID-2381",
        "use letters, digits, '.', '_' and '-', starting with a letter or digit, "
        "at most 128 characters",
    ),
    r"^[0-9A-Za-z:._-]{4,200}$": (
        "a commit id or digest such as sha256:…",
        "use 4 to 200 letters, digits, ':', '.', '_' and '-'",
    ),
    r"^[0-9a-f]{64}$": ("a SHA-256 digest (64 lower-case hex digits)", None),
    r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$": (
        "a waiver id such as WV-2026-004",
        "use letters, digits, '.', '_' and '-', starting with a letter or digit, "
        "at most 64 characters",
    ),
    r"^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$": (
        "a key id such as kari-larsen-2026",
        "use letters, digits, '.', '_', ':', '@' and '-', starting with a letter or digit, "
        "at most 128 characters",
    ),
    r"^[A-Za-z0-9+/]{1,200}={0,2}$": (
        "a signature in base64",
        "copy the signature 'sdlc record append' wrote, whole",
    ),
    r"^[A-Za-z0-9*?\[][A-Za-z0-9*?\[\]!._-]{0,127}$": (
        "a record id, or a pattern over record ids such as EID-24*",
        "use letters, digits, '.', '_' and '-', with '*', '?' and '[...]' as wildcards; "
        "no slashes or spaces",
    ),
}
"""What each pattern the models use means, and how to write a value that matches."""

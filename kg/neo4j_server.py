"""A real, local Neo4j Community server run from Maven Central jars, for users without Neo4j and for tests.

The jars (the transitive closure of `org.neo4j:neo4j`, which holds the server, Bolt and
the import tool) are fetched once with Maven into a cache outside any repository,
`~/.cache/kg/neo4j-<version>/lib` by default (`KG_NEO4J_CACHE` moves it). Each server
gets a home folder with a generated `neo4j.conf`: Bolt on 127.0.0.1 on a free port, no
authentication, HTTP off unless the Browser is asked for, no usage reporting, a small
heap and page cache. The server's own entry point runs in the foreground as a child
process; `start` returns once Bolt answers and `stop` shuts it down cleanly.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KGError

__all__ = [
    "BROWSER_VERSION",
    "NEO4J_VERSION",
    "Neo4jServer",
    "Neo4jServerError",
    "Neo4jUnavailableError",
    "bulk_import",
    "cache_dir",
    "cypher_shell_command",
    "fetch_jars",
    "free_port",
    "java_command",
    "running",
    "start",
    "stop",
    "write_config",
]

#: newest 5.26 LTS release on Maven Central (checked 2026-11-27); 5.26 is the line that runs on Java 17.
NEO4J_VERSION = "5.26.30"
#: newest `org.neo4j.client:neo4j-browser` on Maven Central.
BROWSER_VERSION = "5.24.0"
#: class the 5.26 `neo4j console` command ends up running.
ENTRY_CLASS = "org.neo4j.server.CommunityEntryPoint"
ADMIN_CLASS = "org.neo4j.cli.AdminTool"
CYPHER_SHELL_CLASS = "org.neo4j.shell.Main"
_DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
#: prctl(2) option: the signal the kernel sends a process when the thread that forked it exits.
_PR_SET_PDEATHSIG = 1

#: the JVM options neo4j.conf's `server.jvm.additional` ships with, minus diagnostics and pre-touch.
_JVM_OPTIONS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)


class Neo4jServerError(KGError):
    """The local Neo4j server cannot be fetched, started or stopped."""


class Neo4jUnavailableError(Neo4jServerError):
    """This machine lacks what the local server needs (Java 17+, or Maven for the first fetch)."""


@dataclass(frozen=True)
class Neo4jServer:
    """A running server: where to connect, where it lives, and its process."""

    uri: str
    home: Path
    process: subprocess.Popen
    browser_url: str | None = None

    @property
    def import_dir(self) -> Path:
        """The folder LOAD CSV's `file:///name` URLs read from (`server.directories.import`)."""
        return self.home / "import"


def cache_dir(version: str = NEO4J_VERSION) -> Path:
    """Where the jars of `version` are kept: `$KG_NEO4J_CACHE` or `~/.cache/kg`, then `neo4j-<version>`."""
    root = os.environ.get("KG_NEO4J_CACHE") or Path.home() / ".cache" / "kg"
    return Path(root) / f"neo4j-{version}"


def java_command() -> str:
    """The `java` to run, after checking that it is Java 17 or newer."""
    java = shutil.which("java", path=_java_path())
    if java is None:
        raise Neo4jUnavailableError("the local Neo4j server needs Java 17+ and Maven; no `java` found")
    banner = subprocess.run([java, "-version"], check=False, capture_output=True, text=True).stderr
    match = re.search(r'version "(\d+)', banner)
    if match is None or int(match.group(1)) < 17:
        raise Neo4jUnavailableError(f"the local Neo4j server needs Java 17+; {java} says: {banner.splitlines()[0]}")
    return java


def _java_path() -> str:
    """`$JAVA_HOME/bin` before `$PATH`, as Maven and the neo4j scripts do."""
    java_home = os.environ.get("JAVA_HOME")
    path = os.environ.get("PATH", "")
    return f"{java_home}/bin{os.pathsep}{path}" if java_home else path


def _artifacts(version: str, browser: bool, shell: bool) -> dict[str, str]:
    """The Maven artifacts of each jar folder: the server always, Browser and cypher-shell on request."""
    wanted = {"lib": f"org.neo4j:neo4j:{version}"}
    if browser:
        wanted["browser"] = f"org.neo4j.client:neo4j-browser:{BROWSER_VERSION}"
    if shell:
        wanted["cypher-shell"] = f"org.neo4j:cypher-shell:{version}"
    return wanted


def fetch_jars(version: str = NEO4J_VERSION, *, browser: bool = False, shell: bool = False) -> Path:
    """Download the jars into `cache_dir(version)` unless already there; returns that folder.

    Each jar folder (`lib`, `browser`, `cypher-shell`) is filled in a temporary folder and
    renamed into place, so an interrupted download is never mistaken for a complete one.
    """
    root = cache_dir(version)
    for folder, artifact in _artifacts(version, browser, shell).items():
        if (root / folder).is_dir():
            continue
        mvn = shutil.which("mvn")
        if mvn is None:
            raise Neo4jUnavailableError(
                f"the local Neo4j server needs Java 17+ and Maven to fetch {artifact} once; no `mvn` found"
            )
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=root, prefix=f".{folder}-") as work:
            pom = Path(work) / "pom.xml"
            pom.write_text(_pom(artifact))
            jars = Path(work) / folder
            result = subprocess.run(
                [mvn, "-B", "-q", "-f", str(pom), f"{_DEPENDENCY_PLUGIN}:copy-dependencies",
                 f"-DoutputDirectory={jars}", "-DincludeScope=runtime"],
                check=False, capture_output=True, text=True,
            )
            if result.returncode != 0 or not any(jars.glob("*.jar")):
                detail = (result.stdout + result.stderr).strip().splitlines()[-5:]
                raise Neo4jServerError(f"Maven could not fetch {artifact}: " + " | ".join(detail))
            try:
                jars.rename(root / folder)
            except OSError:
                if not (root / folder).is_dir():  # else another process fetched it meanwhile: use theirs
                    raise
    return root


def _pom(artifact: str) -> str:
    """A throwaway POM whose only dependency is `artifact` (group:name:version)."""
    group, name, version = artifact.split(":")
    return (
        '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
        "<groupId>kg.local</groupId><artifactId>neo4j-jars</artifactId><version>1</version>"
        "<packaging>pom</packaging><dependencies><dependency>"
        f"<groupId>{group}</groupId><artifactId>{name}</artifactId><version>{version}</version>"
        "</dependency></dependencies></project>\n"
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_config(home: Path, *, bolt_port: int, http_port: int | None = None, heap: str = "512m",
                 page_cache: str = "256m") -> Path:
    """Write `home/conf/neo4j.conf` for a private server on loopback; returns its path."""
    settings = {
        "server.default_listen_address": "127.0.0.1",
        "server.bolt.listen_address": f"127.0.0.1:{bolt_port}",
        "server.bolt.advertised_address": f"127.0.0.1:{bolt_port}",
        "server.http.enabled": "true" if http_port else "false",
        "server.https.enabled": "false",
        "dbms.security.auth_enabled": "false",
        "dbms.usage_report.enabled": "false",
        "server.memory.heap.initial_size": heap,
        "server.memory.heap.max_size": heap,
        "server.memory.pagecache.size": page_cache,
        "server.directories.import": str(home / "import"),
        # Bolt otherwise idles 5 s per connector on shutdown, doubling a test session's stop time.
        "internal.server.bolt.thread_pool_shutdown_wait_time": "1s",
        "internal.server.bolt.connection_shutdown_wait_time": "1s",
    }
    if http_port:
        settings["server.http.listen_address"] = f"127.0.0.1:{http_port}"
        settings["server.http.advertised_address"] = f"127.0.0.1:{http_port}"
    for folder in ("conf", "data", "logs", "import", "plugins"):
        (home / folder).mkdir(parents=True, exist_ok=True)
    config = home / "conf" / "neo4j.conf"
    config.write_text("".join(f"{key}={value}\n" for key, value in settings.items()))
    return config


def _classpath(root: Path, folders: Sequence[str]) -> str:
    return os.pathsep.join(str(root / folder / "*") for folder in folders)


def start(home: Path | None = None, *, port: int | None = None, browser: bool = False,
          http_port: int | None = None, heap: str = "512m", page_cache: str = "256m",
          version: str = NEO4J_VERSION, timeout: float = 120.0, import_folder: Path | None = None) -> Neo4jServer:
    """Start a server in `home` (a new temporary folder if None) and return once Bolt answers.

    With `browser`, HTTP is served on 127.0.0.1 (at `http_port`, or a free port) and the
    Neo4j Browser jar is put on the classpath, so `/browser/` serves it. With
    `import_folder` (a `neo4j/` export), the home's database is first replaced by
    neo4j-admin's bulk import of it, and kg's schema is created once the server answers:
    for a whole graph into an empty database, far less work than loading it over Bolt.
    """
    java = java_command()
    root = fetch_jars(version, browser=browser)
    home = Path(home) if home else Path(tempfile.mkdtemp(prefix="kg-neo4j-"))
    if import_folder is not None:
        bulk_import(import_folder, home, version=version, heap=heap)
    bolt_port = port or free_port()
    http_port = (http_port or free_port()) if browser else None
    write_config(home, bolt_port=bolt_port, http_port=http_port, heap=heap, page_cache=page_cache)
    jars = _classpath(root, ["lib", "browser"] if browser else ["lib"])
    classpath = os.pathsep.join([str(home / "plugins" / "*"), jars])
    command = [java, f"-Xms{heap}", f"-Xmx{heap}", *_JVM_OPTIONS, "-cp", classpath, ENTRY_CLASS,
               f"--home-dir={home}", f"--config-dir={home / 'conf'}", "--console-mode"]
    console = (home / "logs" / "console.log").open("ab")
    # A session of its own: Ctrl-C in the user's terminal reaches kg, which then stops the server in order.
    process = subprocess.Popen(command, stdout=console, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               start_new_session=True, preexec_fn=_dies_with_parent())  # noqa: PLW1509 (one thread)
    console.close()
    server = Neo4jServer(
        uri=f"bolt://127.0.0.1:{bolt_port}",
        home=home,
        process=process,
        browser_url=(f"http://127.0.0.1:{http_port}/browser/?dbms=bolt://127.0.0.1:{bolt_port}"
                     "&preselectAuthMethod=NO_AUTH") if http_port else None,
    )
    try:
        _wait_until_ready(server, timeout)
        if import_folder is not None:
            _create_schema(server)
    except BaseException:
        stop(server)
        raise
    return server


def _create_schema(server: Neo4jServer) -> None:
    """kg's constraints and indexes on a bulk-imported database, which neo4j-admin leaves without them."""
    from kg.exporters.neo4j_bolt import Neo4jLoadError, connect, create_schema

    try:
        with connect(server.uri) as driver:
            create_schema(driver)
    except Neo4jLoadError as exc:
        raise Neo4jServerError(f"the imported database did not take kg's schema: {exc}") from exc


def _dies_with_parent() -> Callable[[], None] | None:
    """On Linux, a hook for the child that asks the kernel to SIGTERM it when kg dies, even by SIGKILL.

    Without it a killed `kg neo4j start` would leave the server running in its own session.
    SIGTERM, not SIGKILL, so the server still runs its shutdown hook and leaves its store clean.
    Only a single-threaded process gets the hook, as `kg neo4j start` is: a hook run between
    fork and exec may deadlock on a lock another thread held, and the kernel watches the
    forking *thread*, not the process. Elsewhere, and off Linux, the server outlives a
    killed kg as before.
    """
    if not sys.platform.startswith("linux") or threading.active_count() != 1:
        return None
    import ctypes

    prctl = ctypes.CDLL(None, use_errno=True).prctl
    parent = os.getpid()

    def hook() -> None:
        prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM))
        if os.getppid() != parent:  # kg died between fork and prctl: nobody is left to signal us
            os.kill(os.getpid(), signal.SIGTERM)

    return hook


def _wait_until_ready(server: Neo4jServer, timeout: float) -> None:
    """Poll until Bolt (and HTTP, when the Browser is served) answers; fail early if the process exits."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import DriverError, Neo4jError

    deadline = time.monotonic() + timeout
    with GraphDatabase.driver(server.uri, auth=None) as driver:
        while True:
            if server.process.poll() is not None:
                raise Neo4jServerError(
                    f"Neo4j exited with code {server.process.returncode} while starting: {_log_tail(server.home)}"
                )
            try:
                driver.verify_connectivity()
                if server.browser_url:
                    urllib.request.urlopen(server.browser_url, timeout=5).close()
                return
            except (DriverError, Neo4jError, OSError):
                if time.monotonic() > deadline:
                    raise Neo4jServerError(f"Neo4j did not answer on {server.uri} within {timeout:.0f} s: "
                                           f"{_log_tail(server.home)}") from None
                time.sleep(0.5)


def _log_tail(home: Path) -> str:
    """The first error line of the console log (the cause, not the stack trace), or its last line."""
    console = home / "logs" / "console.log"
    lines = console.read_text(errors="replace").strip().splitlines() if console.exists() else []
    errors = [line for line in lines if "ERROR" in line or "Exception" in line]
    return (errors or lines or [f"see {home / 'logs'}"])[0 if errors else -1].strip()


def stop(server: Neo4jServer, timeout: float = 60.0) -> None:
    """Ask the server to shut down (SIGTERM runs its shutdown hook) and wait; kill it if it hangs."""
    process = server.process
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise Neo4jServerError(f"Neo4j did not stop within {timeout:.0f} s and was killed") from None


@contextmanager
def running(home: Path | None = None, **options) -> Iterator[Neo4jServer]:
    """A server for the duration of a `with` block; a temporary home is removed afterwards."""
    server = start(home, **options)
    try:
        yield server
    finally:
        stop(server)
        if home is None:
            shutil.rmtree(server.home, ignore_errors=True)


def bulk_import(folder: Path, home: Path, *, database: str = "neo4j", version: str = NEO4J_VERSION,
                heap: str = "512m") -> str:
    """Run `neo4j-admin database import full @import.args` on a `neo4j/` export, inside `folder`.

    The database must not be running: use a home whose server is stopped (or not yet
    started). Returns the importer's report; a failed import raises with its last lines.
    """
    if not (Path(folder) / "import.args").is_file():
        raise Neo4jServerError(f"{folder} is not a neo4j/ export folder: it has no import.args")
    java = java_command()
    root = fetch_jars(version)
    write_config(home, bolt_port=free_port())
    environment = os.environ | {"NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    command = [java, f"-Xmx{heap}", *_JVM_OPTIONS, "-cp", _classpath(root, ["lib"]), ADMIN_CLASS,
               "database", "import", "full", "@import.args", "--overwrite-destination=true",
               f"--report-file={home / 'logs' / 'import.report'}", database]
    result = subprocess.run(command, check=False, cwd=folder, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stdout + result.stderr).strip().splitlines()[-5:]
        raise Neo4jServerError(f"neo4j-admin import failed ({result.returncode}): " + " | ".join(detail))
    return result.stdout


def cypher_shell_command(uri: str, *, version: str = NEO4J_VERSION) -> list[str]:
    """The command line of cypher-shell (from `org.neo4j:cypher-shell`) against `uri`, without credentials."""
    java = java_command()
    root = fetch_jars(version, shell=True)
    return [java, "-cp", _classpath(root, ["cypher-shell"]), CYPHER_SHELL_CLASS, "-a", uri, "--format", "plain"]

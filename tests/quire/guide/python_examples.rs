//! Runs every ```` ```python ```` example under `content/` and checks what it prints.
//!
//! Input: the Markdown pages of the shipped site. Output: one report naming every example (file and
//! line) that exits non-zero, times out, or prints something other than the ```` ```text ```` block
//! that directly follows it. Blocks marked `norun` are skipped; `text nocheck` output is not compared.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use rayon::prelude::*;
use walkdir::WalkDir;

/// The interpreter the examples are written for.
const PYTHON: &str = "python3";
/// How long one example may run before it is killed and reported.
const TIMEOUT: Duration = Duration::from_secs(20);
/// How long to wait for output after the interpreter exits (a leftover child may hold the pipe).
const DRAIN_GRACE: Duration = Duration::from_secs(5);
/// The shipped site has far more runnable examples than this; fewer means extraction broke.
const MIN_EXAMPLES: usize = 20;
/// How many lines of stderr a failure report shows.
const STDERR_TAIL: usize = 40;

/// A fenced code block: the first word of its info string, the other words, its text and position.
struct Fence {
    lang: String,
    flags: Vec<String>,
    text: String,
    line: usize,
    start: usize,
    end: usize,
}

impl Fence {
    fn has_flag(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }
}

/// A runnable Python block and the output it must print (`None`: only the exit status counts).
struct Example {
    file: PathBuf,
    line: usize,
    code: String,
    expected: Option<String>,
}

#[test]
#[cfg_attr(
    not(has_python3),
    ignore = "python3 not found: install the Debian package python3"
)]
fn python_examples_run_and_print_their_expected_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(python_available(), "`{PYTHON}` is not on PATH");

    let examples = collect_examples(root, &root.join("content"));
    assert!(
        examples.len() > MIN_EXAMPLES,
        "found only {} runnable ```python blocks under content/ (expected more than {MIN_EXAMPLES})",
        examples.len()
    );

    let workers = thread::available_parallelism()
        .map_or(2, |n| n.get() * 2)
        .min(8);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .build()
        .unwrap_or_else(|e| panic!("cannot start the worker pool: {e}"));
    let failures: Vec<String> = pool.install(|| {
        examples
            .par_iter()
            .filter_map(|example| {
                let problem = check_example(example).err()?;
                Some(format!(
                    "{}:{}: {problem}",
                    example.file.display(),
                    example.line
                ))
            })
            .collect()
    });

    let compared = examples.iter().filter(|e| e.expected.is_some()).count();
    eprintln!(
        "python examples: {} run, {compared} compared with their expected output",
        examples.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} Python examples failed:\n\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n\n")
    );
}

/// Whether `python3` can be started at all.
fn python_available() -> bool {
    Command::new(PYTHON)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Every runnable example of every `.md` file under `content`, in sorted path order.
fn collect_examples(root: &Path, content: &Path) -> Vec<Example> {
    let mut examples = Vec::new();
    for entry in WalkDir::new(content).sort_by_file_name() {
        let entry = entry.unwrap_or_else(|e| panic!("cannot walk {}: {e}", content.display()));
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|ext| ext != "md") {
            continue;
        }
        let source = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let shown = path.strip_prefix(root).unwrap_or(path);
        examples.extend(examples_in(shown, &source));
    }
    examples
}

/// The runnable Python blocks of one page, each paired with the text block right after it.
fn examples_in(file: &Path, source: &str) -> Vec<Example> {
    let fences = fences_in(source);
    let mut examples = Vec::new();
    for (i, fence) in fences.iter().enumerate() {
        if fence.lang != "python" || fence.has_flag("norun") {
            continue;
        }
        let output = fences.get(i + 1).filter(|next| {
            next.lang == "text"
                && source
                    .get(fence.end..next.start)
                    .is_some_and(|between| between.trim().is_empty())
        });
        examples.push(Example {
            file: file.to_path_buf(),
            line: fence.line,
            code: fence.text.clone(),
            expected: output
                .filter(|text| !text.has_flag("nocheck"))
                .map(|text| text.text.clone()),
        });
    }
    examples
}

/// The fenced code blocks of a Markdown source, in document order.
fn fences_in(source: &str) -> Vec<Fence> {
    let mut fences = Vec::new();
    let mut open: Option<Fence> = None;
    for (event, range) in Parser::new(source).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let mut words = info
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .filter(|word| !word.is_empty());
                open = Some(Fence {
                    lang: words.next().unwrap_or_default().to_string(),
                    flags: words.map(str::to_string).collect(),
                    text: String::new(),
                    line: source[..range.start].matches('\n').count() + 1,
                    start: range.start,
                    end: range.end,
                });
            }
            Event::Text(text) => {
                if let Some(fence) = open.as_mut() {
                    fence.text.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => fences.extend(open.take()),
            _ => {}
        }
    }
    fences
}

/// Runs one example in a fresh temporary directory and compares its output.
fn check_example(example: &Example) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| format!("cannot create a temp dir: {e}"))?;
    let script = dir.path().join("example.py");
    std::fs::write(&script, &example.code)
        .map_err(|e| format!("cannot write {}: {e}", script.display()))?;

    let mut child = Command::new(PYTHON)
        .arg(&script)
        .current_dir(dir.path())
        .env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start `{PYTHON}`: {e}"))?;
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let status = wait_or_kill(&mut child, TIMEOUT)
        .map_err(|e| format!("cannot wait for `{PYTHON}`: {e}"))?;
    let stdout = stdout.recv_timeout(DRAIN_GRACE);
    let stderr = stderr.recv_timeout(DRAIN_GRACE).unwrap_or_default();

    let Some(status) = status else {
        return Err(format!(
            "timed out after {} s and was killed{}",
            TIMEOUT.as_secs(),
            stderr_tail(&stderr)
        ));
    };
    let Ok(stdout) = stdout else {
        return Err(format!(
            "exited with {status}, but its stdout was still open {} s later \
             (did a child process outlive it?){}",
            DRAIN_GRACE.as_secs(),
            stderr_tail(&stderr)
        ));
    };
    if !status.success() {
        return Err(format!("exited with {status}{}", stderr_tail(&stderr)));
    }
    match &example.expected {
        Some(expected) if normalize(expected) != normalize(&stdout) => Err(format!(
            "{}{}",
            describe_mismatch(&normalize(expected), &normalize(&stdout)),
            stderr_tail(&stderr)
        )),
        _ => Ok(()),
    }
}

/// Reads a pipe to the end on its own thread, so a chatty child never blocks on a full pipe.
fn drain(pipe: Option<impl Read + Send + 'static>) -> mpsc::Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            // A read error leaves what was read so far, which the report then shows.
            let _ = pipe.read_to_end(&mut bytes);
        }
        let _ = sender.send(String::from_utf8_lossy(&bytes).into_owned());
    });
    receiver
}

/// Waits for the child to exit; after `timeout` kills it and returns `None`.
fn wait_or_kill(child: &mut Child, timeout: Duration) -> std::io::Result<Option<ExitStatus>> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if Instant::now() >= deadline {
            // It may exit between the check and the kill; waiting below reaps it either way.
            let _ = child.kill();
            child.wait()?;
            return Ok(None);
        }
        thread::sleep(Duration::from_millis(20));
    }
}

/// Output as compared: trailing whitespace of each line and trailing blank lines removed.
fn normalize(output: &str) -> String {
    let lines: Vec<&str> = output.lines().map(str::trim_end).collect();
    let kept = lines
        .iter()
        .rposition(|line| !line.is_empty())
        .map_or(0, |i| i + 1);
    lines[..kept].join("\n")
}

/// Both outputs (already normalised) and the first line where they differ.
fn describe_mismatch(expected: &str, actual: &str) -> String {
    let expected_lines: Vec<&str> = expected.lines().collect();
    let actual_lines: Vec<&str> = actual.lines().collect();
    let first = expected_lines
        .iter()
        .zip(&actual_lines)
        .position(|(e, a)| e != a)
        .unwrap_or(expected_lines.len().min(actual_lines.len()));
    format!(
        "stdout differs from the ```text block after it (first difference in output line {}):\n\
         --- expected\n{}\n--- actual\n{}",
        first + 1,
        indent(expected),
        indent(actual)
    )
}

/// The last lines of stderr, ready to append to a failure message (empty if there were none).
fn stderr_tail(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().collect();
    if lines.is_empty() {
        return String::new();
    }
    let tail = lines[lines.len().saturating_sub(STDERR_TAIL)..].join("\n");
    format!("\n--- stderr\n{}", indent(&tail))
}

/// Indents every line, so a report's embedded output stands apart from its headings.
fn indent(text: &str) -> String {
    text.lines()
        .map(|line| format!("    {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_python_blocks_with_the_text_block_right_after_them() {
        let page = "# T\n\n```python\nprint(1)\n```\n\n```text\n1\n```\n\n\
                    ```python norun\nboom()\n```\n\n```python\nprint(2)\n```\n\nprose\n\n\
                    ```text\n2\n```\n\n```python,linenos\nprint(3)\n```\n```text nocheck\n3\n```\n";
        let examples = examples_in(Path::new("p.md"), page);
        let found: Vec<(usize, Option<&str>)> = examples
            .iter()
            .map(|e| (e.line, e.expected.as_deref()))
            .collect();
        assert_eq!(found, [(3, Some("1\n")), (15, None), (25, None)]);
        assert_eq!(examples[2].code, "print(3)\n");
    }

    #[test]
    fn normalize_ignores_trailing_whitespace_and_blank_lines() {
        assert_eq!(normalize("a  \nb\t\n\n\n"), "a\nb");
        assert_eq!(normalize("\n a\n"), "\n a");
        assert_eq!(normalize(""), "");
    }
}

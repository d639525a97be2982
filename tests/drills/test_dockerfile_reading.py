"""Reading the Dockerfiles people really write: heredocs, directives, continuations, variables, fragments."""

from __future__ import annotations

import pytest

from drills.grading.dockerfile import DockerfileError, analyse_snippet, grade_dockerfile
from drills.grading.dockerfile.model import MAX_EXPANDED_LENGTH, expand, parse_build
from drills.grading.dockerfile.reading import read_dockerfile


def statuses(text: str) -> dict[str, str]:
    return grade_dockerfile(text, "node_modules\n.git\n.env\n").statuses()


def test_a_heredoc_body_is_kept_with_its_instruction_not_read_as_instructions():
    reading = read_dockerfile("FROM debian:12\nRUN <<EOF\napt-get update\nEXPOSE 80\nEOF\nUSER 1\n")
    assert [i.keyword for i in reading.instructions] == ["FROM", "RUN", "USER"]
    assert reading.instructions[1].heredocs[0].body == "apt-get update\nEXPOSE 80"
    assert reading.instructions[2].line == 6


def test_a_dash_heredoc_strips_leading_tabs_and_a_quoted_delimiter_is_literal():
    text = "FROM debian:12\nRUN <<-EOT\n\tset -e\n\tEOT\nRUN cat <<'EOF' > /x\n$HOME\nEOF\n"
    first, second = (i.heredocs[0] for i in read_dockerfile(text).instructions[1:])
    assert (first.body, first.strip_tabs) == ("set -e", True)
    assert (second.body, second.quoted) == ("$HOME", True)


def test_several_heredocs_in_one_copy_are_read_in_order():
    text = "FROM nginx:1.27\nCOPY <<a.txt <<b.txt /srv/\nfirst\na.txt\nsecond\nb.txt\n"
    copy = read_dockerfile(text).instructions[1]
    assert [(h.delimiter, h.body) for h in copy.heredocs] == [
        ("a.txt", "first"),
        ("b.txt", "second"),
    ]


def test_a_heredoc_that_feeds_a_command_is_data_not_a_script():
    text = "FROM debian:12-slim\nRUN cat <<EOF >> /etc/app.conf\napt-get install x\nEOF\n"
    assert statuses(text)["apt-hygiene"] == "n/a"


def test_a_heredoc_run_script_is_read_as_the_script():
    text = "FROM debian:12-slim\nRUN <<EOF\napt-get update\napt-get install curl\nEOF\n"
    assert statuses(text)["apt-hygiene"] == "fail"


def test_a_here_string_is_not_a_heredoc():
    reading = read_dockerfile("FROM debian:12\nRUN cat <<< hello\nUSER 1\n")
    assert [i.heredocs for i in reading.instructions] == [(), (), ()]


def test_heredoc_markers_inside_quotes_are_text():
    reading = read_dockerfile('FROM debian:12\nRUN echo "see <<EOF below"\nUSER 1\n')
    assert [i.keyword for i in reading.instructions] == ["FROM", "RUN", "USER"]


def test_a_tab_after_the_instruction_separates_it_from_its_arguments():
    reading = read_dockerfile("FROM\tdebian:12\nRUN\techo hi\n")
    assert [(i.keyword, i.value) for i in reading.instructions] == [
        ("FROM", "debian:12"),
        ("RUN", "echo hi"),
    ]


def test_an_unclosed_heredoc_names_the_line_and_the_delimiter():
    with pytest.raises(DockerfileError) as raised:
        grade_dockerfile("FROM debian:12\nRUN <<EOF\necho hi\n")
    assert str(raised.value) == (
        "Line 2: the heredoc <<EOF opened here is never closed: end its body with a line that "
        "holds only EOF"
    )


def test_an_empty_line_inside_a_continuation_is_accepted_with_a_note_naming_it():
    graded = grade_dockerfile("FROM debian:12\nRUN echo a \\\n\n    b\n")
    assert len(graded.notes) == 1
    assert graded.notes[0].startswith("Line 3 is an empty line inside a continuation")


def test_a_comment_line_inside_a_continuation_is_skipped_as_buildkit_does():
    reading = read_dockerfile("FROM debian:12\nRUN echo a \\\n  # why\n  b\n")
    assert reading.instructions[1].value == "echo a b"
    assert reading.notes == []


def test_a_final_continuation_at_the_end_of_the_file_is_accepted_with_a_note():
    graded = grade_dockerfile("FROM debian:12\nRUN echo a \\\n")
    assert "ends inside a continuation" in graded.notes[0]


def test_the_escape_directive_makes_the_backtick_continue_lines():
    reading = read_dockerfile(
        "# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nRUN a `\n  b\n"
    )
    assert reading.directives == {"escape": "`"}
    assert reading.instructions[1].value == "a b"


def test_a_bad_escape_directive_names_the_line():
    with pytest.raises(DockerfileError, match="Line 1: the escape directive takes"):
        grade_dockerfile("# escape=x\nFROM debian:12\n")


def test_a_windows_workdir_is_absolute_on_a_windows_image():
    text = "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\app\nUSER ContainerUser\n"
    assert statuses(text)["workdir-absolute"] == "pass"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("${NAME:-node}:${TAG}", "node:22"),
        ("node:${TAG}${DEBUG:+-debug}", "node:22"),
        ("node:${TAG}${SET:+-debug}", "node:22-debug"),
        ("node:${MISSING:-20}", "node:20"),
    ],
)
def test_variables_expand_with_defaults_and_alternatives(written, expected):
    assert expand(written, {"TAG": "22", "DEBUG": None, "SET": "1"}) == (expected, True)


def test_an_arg_feeding_a_legacy_env_is_resolved_for_later_instructions():
    build = parse_build(
        "FROM node:22\nARG NODE_ENV=production\nENV NODE_ENV $NODE_ENV\nRUN npm ci\n"
    )
    assert build.final.instructions[-1].variables["NODE_ENV"] == "production"


def test_a_snippet_without_from_forms_one_stage_with_an_unknown_base():
    snippet = analyse_snippet("Then I'd write:\nCOPY package.json .\nRUN npm ci --omit=dev\n")
    assert [i.keyword for i in snippet.stages[0].instructions] == ["COPY", "RUN"]
    assert snippet.stages[0].base_known is False
    assert [note.line for note in snippet.skipped] == [1]


def test_a_snippet_cut_inside_a_heredoc_is_read_without_raising():
    snippet = analyse_snippet("FROM node:22 AS build\nRUN <<EOF\nnpm ci\n")
    assert snippet.build is not None
    assert snippet.build.by_name["build"].instructions[0].heredocs[0].body == "npm ci"


def test_a_value_doubling_line_after_line_is_left_unexpanded():
    build = parse_build("FROM debian:12\nENV A=ab\n" + "ENV A=$A$A\n" * 40 + "USER 1\n")
    assert len(build.final.instructions[-1].variables["A"]) <= MAX_EXPANDED_LENGTH


def test_a_heredoc_written_with_a_space_is_refused_as_buildkit_refuses_it_and_says_why():
    with pytest.raises(DockerfileError) as raised:
        grade_dockerfile("FROM node:22\nRUN cat > /a.js << 'JS'\n// hello\nJS\n")
    assert str(raised.value).startswith(
        "Line 3: '//' is not a Dockerfile instruction (line 2 writes"
    )

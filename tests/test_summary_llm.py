"""The LLM summary writer against a real OpenAI-compatible HTTP server started in the test
(127.0.0.1, a free port), answering with scripted contents: what is kept, replaced, dropped and
logged, and the fallbacks when the endpoint fails. A small synthetic topic, made-up names."""
from __future__ import annotations

import copy
import json
import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from subcast.config import filled, reconcile_settings
from subcast.rephrase import for_the_ear
from subcast.summary_llm import LLMSettings, numbers_in, person_words, rewrite, unwitnessed_numbers

ROOT = Path(__file__).resolve().parents[1]
LOGGER = "subcast.summary_llm"

# ---------------------------------------------------------------------------------------------
# A topic: the host 周海涛 asks, 王明远, 陈思琪 and 赵立群 answer; 赵立群's hours are disputed.

STATEMENTS = [
    {"source": "000", "lines": [10, 10], "speaker": "周海涛", "text": "我想问大家一个问题，未来三年大模型会怎么分化？"},
    {"source": "000", "lines": [12, 13], "speaker": "王明远", "text": "我觉得预训练还要再扩大十倍，算力投入大概是二十亿美元。"},
    {"source": "003", "lines": [5, 5], "speaker": "王明远", "text": "王明远认为预训练还要扩大10倍，投入约20亿美元。"},
    {"source": "000", "lines": [20, 20], "speaker": "陈思琪", "text": "我们星河科技发现，百分之六十的用户只用对话功能。"},
    {"source": "000", "lines": [30, 30], "speaker": "赵立群", "text": "Agent 要能连续工作三到五个小时才算有用。"},
    {"source": "002", "lines": [40, 40], "speaker": None, "text": "赵立群说 Agent 得连续工作一到两天才算有用。"},
]
POINTS = {
    "t-001": {"id": "t-001", "topic": "t", "speaker": "周海涛", "canonical": STATEMENTS[0]["text"],
              "statements": [0], "conflicts": [], "support": 1, "sources": ["000"]},
    "t-002": {"id": "t-002", "topic": "t", "speaker": "王明远", "canonical": STATEMENTS[2]["text"],
              "statements": [1, 2], "conflicts": [], "support": 2, "sources": ["000", "003"]},
    "t-003": {"id": "t-003", "topic": "t", "speaker": "陈思琪", "canonical": STATEMENTS[3]["text"],
              "statements": [3], "conflicts": [], "support": 1, "sources": ["000"]},
    "t-004": {"id": "t-004", "topic": "t", "speaker": "赵立群", "canonical": STATEMENTS[4]["text"],
              "statements": [4, 5], "conflicts": ["c01"], "support": 2, "sources": ["000", "002"]},
}
NAMES = {"周海涛", "海涛", "王明远", "明远", "陈思琪", "赵立群", "星河科技", "主持人"}


def _extractive() -> dict:
    sentences = [
        {"role": "question", "speaker": "周海涛", "point": "t-001", "witness": {"source": "000", "lines": [10, 10]},
         "display": "主持人周海涛问大家，未来3年大模型会怎么分化？", "conflicts": []},
        {"role": "position", "speaker": "王明远", "point": "t-002", "witness": {"source": "003", "lines": [5, 5]},
         "display": "王明远认为，预训练还要扩大10倍，投入约20亿美元。", "conflicts": []},
        {"role": "position", "speaker": "陈思琪", "point": "t-003", "witness": {"source": "000", "lines": [20, 20]},
         "display": "星河科技的陈思琪提到，60%的用户只用对话功能。", "conflicts": []},
        {"role": "position", "speaker": "赵立群", "point": "t-004", "witness": {"source": "000", "lines": [30, 30]},
         "display": "赵立群表示，Agent 要能连续工作3到5个小时才算有用。", "conflicts": ["c01"]},
        {"role": "conflict", "speaker": None, "point": "t-004",
         "witness": [{"source": "000", "lines": [30, 30]}, {"source": "002", "lines": [40, 40]}],
         "display": "各份记录对工作时长说法不一，有的记为3到5个小时，有的记为1到2天。", "conflicts": ["c01"]},
    ]
    return {"title": "大模型分化", "panelists": ["王明远", "陈思琪", "赵立群"], "sentences": sentences,
            "ear": [for_the_ear(s["display"]) for s in sentences],
            "display": " ".join(s["display"] for s in sentences)}


QUESTION = {"text": "主持人周海涛问大家，未来三年大模型会怎么分化？", "cites": ["t-001"]}
WANG = {"text": "王明远认为，预训练还要再扩大十倍，投入大约二十亿美元。", "cites": ["t-002"]}
CHEN = {"text": "星河科技的陈思琪提到，百分之六十的用户只用对话功能。", "cites": ["t-003"]}
ZHAO = {"text": "赵立群表示，Agent 要连续工作3到5个小时才算有用。", "cites": ["t-004"]}   # digits for 三到五
DISPUTE = {"text": "不过各份记录对时长说法不一，有的说三到五个小时，有的说一到两天。", "cites": ["t-004"]}
FAITHFUL = [QUESTION, WANG, CHEN, ZHAO, DISPUTE]


def answer(*sentences: dict) -> str:
    return json.dumps({"sentences": list(sentences)}, ensure_ascii=False)


# ---------------------------------------------------------------------------------------------
# The endpoint: POST /v1/chat/completions → the OpenAI response shape with a scripted content.

class Endpoint:
    def __init__(self, server: ThreadingHTTPServer):
        self.server = server
        self.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
        self.content: str = ""
        self.status = 200
        self.delay_s = 0.0
        self.requests: list[dict] = []


class _Handler(BaseHTTPRequestHandler):
    endpoint: Endpoint   # set per server

    def do_POST(self):
        endpoint = self.server.endpoint
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        endpoint.requests.append({"path": self.path, "body": body,
                                  "headers": {k.lower(): v for k, v in self.headers.items()}})
        time.sleep(endpoint.delay_s)
        if self.path != "/v1/chat/completions":
            status, payload = 404, {"error": {"message": f"no route {self.path}"}}
        elif endpoint.status != 200:
            status, payload = endpoint.status, {"error": {"message": "the model crashed", "type": "server_error"}}
        else:
            status, payload = 200, {
                "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": body.get("model"),
                "choices": [{"index": 0, "message": {"role": "assistant", "content": endpoint.content},
                             "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
        data = json.dumps(payload, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):   # the client gave up (the timeout test)
            pass

    def log_message(self, *args):
        pass


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    # A proxy from the environment must not carry requests for 127.0.0.1 away.
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def endpoint():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.endpoint = Endpoint(server)
    # A short poll interval: shutdown() waits for the next poll.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield server.endpoint
    server.shutdown()
    server.server_close()


def settings(url: str, **kw) -> LLMSettings:
    return LLMSettings.from_config(filled("summary.llm", {"base_url": url, "model": "test-model",
                                                          "api_key_env": "SUBCAST_TEST_LLM_KEY", **kw}))


def no_problems(text: str, point: dict) -> list[str]:
    return []


def run(endpoint: Endpoint, content: str, check=no_problems, **kw) -> dict:
    endpoint.content = content
    return rewrite(_extractive(), copy.deepcopy(POINTS), STATEMENTS, NAMES, settings(endpoint.url, **kw), check)


def warnings_of(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER and r.levelno == logging.WARNING]


def assert_all_extractive(result: dict) -> None:
    original = _extractive()
    assert [s["display"] for s in result["sentences"]] == [s["display"] for s in original["sentences"]]
    assert all(s["engine"] == "extractive" and s["cites"] == [s["point"]] for s in result["sentences"])
    assert result["ear"] == original["ear"] and result["display"] == original["display"]


# ---------------------------------------------------------------------------------------------

def test_faithful_answer_is_kept_with_its_citations(endpoint, caplog, monkeypatch):
    monkeypatch.setenv("SUBCAST_TEST_LLM_KEY", "sk-local-test")
    caplog.set_level(logging.INFO, logger=LOGGER)
    fenced = "好的，摘要如下：\n```json\n" + answer(*FAITHFUL) + "\n```\n"   # fences and prose are tolerated
    result = run(endpoint, fenced)

    assert warnings_of(caplog) == []
    sentences = result["sentences"]
    assert [s["display"] for s in sentences] == [s["text"] for s in FAITHFUL]
    assert [s["engine"] for s in sentences] == ["llm"] * 5
    assert [s["cites"] for s in sentences] == [s["cites"] for s in FAITHFUL]
    assert [s["role"] for s in sentences] == ["question", "position", "position", "position", "conflict"]
    assert [s["speaker"] for s in sentences] == ["周海涛", "王明远", "陈思琪", "赵立群", None]
    # An LLM sentence's witnesses are every statement of its point; a disagreement keeps its sides.
    assert sentences[1]["witness"] == [{"source": "000", "lines": [12, 13]}, {"source": "003", "lines": [5, 5]}]
    assert sentences[4]["witness"] == _extractive()["sentences"][4]["witness"]
    assert sentences[4]["conflicts"] == ["c01"]
    assert result["ear"] == [for_the_ear(s["text"]) for s in FAITHFUL]
    assert result["display"] == " ".join(s["text"] for s in FAITHFUL)
    assert result["title"] == "大模型分化" and result["panelists"] == ["王明远", "陈思琪", "赵立群"]

    # What the server was asked: model, temperature, JSON mode, the key from the named variable,
    # and every point with its witnesses' tags and words.
    (request,) = endpoint.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["authorization"] == "Bearer sk-local-test"
    body = request["body"]
    assert body["model"] == "test-model" and body["temperature"] == 0.2
    assert body["response_format"] == {"type": "json_object"}
    system, user = body["messages"]
    assert system["role"] == "system" and "第三人称" in system["content"] and "cites" in system["content"]
    told = json.loads(user["content"])
    assert [p["id"] for p in told["points"]] == ["t-001", "t-002", "t-003", "t-004"]
    assert told["points"][1]["witnesses"][0] == {"source": "[000:L12-13]", "text": STATEMENTS[1]["text"]}
    assert told["conflicts"][0]["point"] == "t-004" and told["conflicts"][0]["conflicts"] == ["c01"]
    assert told["introductions"]["陈思琪"] == "星河科技的陈思琪"
    assert told["question"] == _extractive()["sentences"][0]["display"]


def test_a_missing_key_variable_sends_a_placeholder(endpoint, monkeypatch):
    monkeypatch.delenv("SUBCAST_TEST_LLM_KEY", raising=False)
    run(endpoint, answer(*FAITHFUL))
    assert endpoint.requests[0]["headers"]["authorization"] == "Bearer not-needed"


def test_an_invented_number_is_replaced_by_the_extractive_sentence(endpoint, caplog):
    invented = {"text": "王明远认为，预训练还要再扩大十倍，投入大约五十亿美元。", "cites": ["t-002"]}
    result = run(endpoint, answer(QUESTION, invented, CHEN, ZHAO, DISPUTE))

    second = result["sentences"][1]
    assert second["display"] == _extractive()["sentences"][1]["display"]
    assert second["engine"] == "extractive" and second["cites"] == ["t-002"]
    assert [s["engine"] for s in result["sentences"]] == ["llm", "extractive", "llm", "llm", "llm"]
    (warning,) = warnings_of(caplog)
    assert "五十" in warning and "in no witness" in warning and "t-002" in warning
    assert invented["text"] in warning
    assert result["ear"][1] == for_the_ear(second["display"])


def test_an_arabic_number_not_in_any_witness_is_caught_too(endpoint, caplog):
    invented = {"text": "星河科技的陈思琪提到，75%的用户只用对话功能。", "cites": ["t-003"]}
    result = run(endpoint, answer(QUESTION, WANG, invented, ZHAO, DISPUTE))
    assert result["sentences"][2]["engine"] == "extractive"
    assert "75" in warnings_of(caplog)[0]


def test_a_wrong_speaker_is_replaced(endpoint, caplog):
    wrong = {"text": "陈思琪认为，预训练还要再扩大十倍。", "cites": ["t-002"]}
    result = run(endpoint, answer(QUESTION, wrong, CHEN, ZHAO, DISPUTE))

    assert result["sentences"][1]["display"] == _extractive()["sentences"][1]["display"]
    assert result["sentences"][1]["engine"] == "extractive"
    (warning,) = warnings_of(caplog)
    assert "names 陈思琪" in warning and "王明远" in warning and "t-002" in warning


def test_first_and_second_person_are_replaced_but_quoted_words_stay(endpoint, caplog):
    we = {"text": "赵立群表示，我们的 Agent 要连续工作三到五个小时才算有用。", "cites": ["t-004"]}
    you = {"text": "星河科技的陈思琪提醒你，百分之六十的用户只用对话功能。", "cites": ["t-003"]}
    quoted = {"text": "王明远说「我觉得预训练还要再扩大十倍」。", "cites": ["t-002"]}
    result = run(endpoint, answer(QUESTION, quoted, you, we, DISPUTE))

    assert [s["engine"] for s in result["sentences"]] == ["llm", "llm", "extractive", "extractive", "llm"]
    assert result["sentences"][1]["display"] == quoted["text"]
    assert [s["point"] for s in result["sentences"]] == ["t-001", "t-002", "t-003", "t-004", "t-004"]
    assert result["sentences"][3]["role"] == "position"      # the position, not the dispute, for ZHAO's slot
    logged = warnings_of(caplog)
    assert len(logged) == 2
    assert "first or second person: 你" in logged[0] and "t-003" in logged[0]
    assert "first or second person: 我们" in logged[1] and "t-004" in logged[1]


def test_the_checker_is_asked_about_every_sentence_and_its_flag_replaces(endpoint, caplog):
    asked = []

    def check(text: str, point: dict) -> list[str]:
        asked.append((text, point["id"]))
        return ["a question spoken as a statement"] if point["id"] == "t-003" else []

    result = run(endpoint, answer(*FAITHFUL), check=check)
    assert asked == [(s["text"], s["cites"][0]) for s in FAITHFUL]
    assert [s["engine"] for s in result["sentences"]] == ["llm", "llm", "extractive", "llm", "llm"]
    (warning,) = warnings_of(caplog)
    assert "checker: a question spoken as a statement" in warning and "t-003" in warning


def test_unknown_or_missing_citations_are_dropped_and_logged(endpoint, caplog):
    unknown = {"text": "王明远还说，训练数据已经用完了。", "cites": ["t-999"]}
    uncited = {"text": "赵立群也提到，工具调用还不稳定。", "cites": []}
    result = run(endpoint, answer(*FAITHFUL[:3], unknown, uncited, *FAITHFUL[3:]))

    assert [s["display"] for s in result["sentences"]] == [s["text"] for s in FAITHFUL]
    logged = warnings_of(caplog)
    assert len(logged) == 2
    assert "unknown point(s) t-999" in logged[0] and "dropped" in logged[0]
    assert "cites no point" in logged[1] and "dropped" in logged[1]


def test_a_point_is_told_once(endpoint, caplog):
    # Two failing sentences on one point: its extractive sentence comes once, the second is dropped;
    # a failing sentence on a point the model already told well is dropped too.
    bad_number = {"text": "王明远认为，预训练还要再扩大三十倍。", "cites": ["t-002"]}
    bad_person = {"text": "王明远认为，我们还要再扩大十倍。", "cites": ["t-002"]}
    again = {"text": "星河科技的陈思琪还说，百分之九十的用户只用对话。", "cites": ["t-003"]}
    result = run(endpoint, answer(QUESTION, bad_number, bad_person, CHEN, again, ZHAO))

    assert [(s["point"], s["engine"]) for s in result["sentences"]] == [
        ("t-001", "llm"), ("t-002", "extractive"), ("t-003", "llm"), ("t-004", "llm")]
    logged = warnings_of(caplog)
    assert len(logged) == 3
    assert "replaced" in logged[0] and "dropped" in logged[1] and "dropped" in logged[2]


def test_question_first_and_every_panelist_kept_when_the_model_leaves_them_out(endpoint, caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)
    result = run(endpoint, answer(WANG, ZHAO))   # no question, no 陈思琪, no dispute

    assert [(s["point"], s["engine"]) for s in result["sentences"]] == [
        ("t-001", "extractive"), ("t-002", "llm"), ("t-003", "extractive"), ("t-004", "llm")]
    assert warnings_of(caplog) == []
    assert any("left out 陈思琪" in r.getMessage() for r in caplog.records)


def test_the_models_question_is_moved_first_and_its_tags_dropped(endpoint):
    tagged = {"text": CHEN["text"].rstrip("。") + " [000:L20]", "cites": ["t-003"]}   # a tag, no full stop
    result = run(endpoint, answer(WANG, tagged, QUESTION, ZHAO))
    assert [(s["point"], s["engine"], s["role"]) for s in result["sentences"]] == [
        ("t-001", "llm", "question"), ("t-002", "llm", "position"), ("t-003", "llm", "position"),
        ("t-004", "llm", "position")]
    assert result["sentences"][2]["display"] == CHEN["text"]


@pytest.mark.parametrize("content, reason", [
    ('{"sentences": [{"text": "王明远认为，预训练', "malformed JSON"),
    ("抱歉，我无法完成这个请求。", "malformed JSON"),
    ('{"summary": "王明远认为，预训练还要再扩大十倍。"}', "wrong shape"),
    ('{"sentences": [{"cites": ["t-002"]}]}', "wrong shape"),
    ('{"sentences": []}', "no sentences"),
    ("", "empty"),
])
def test_an_unusable_answer_leaves_the_extractive_summary(endpoint, caplog, content, reason):
    result = run(endpoint, content)
    assert_all_extractive(result)
    (warning,) = warnings_of(caplog)
    assert reason in warning and endpoint.url in warning


def test_an_http_error_leaves_the_extractive_summary(endpoint, caplog):
    endpoint.status = 500
    result = run(endpoint, answer(*FAITHFUL))
    assert_all_extractive(result)
    (warning,) = warnings_of(caplog)
    assert "HTTP 500" in warning and endpoint.url in warning
    assert len(endpoint.requests) == 2     # one retry, then the fallback


def test_a_timeout_leaves_the_extractive_summary(endpoint, caplog):
    endpoint.delay_s = 1.5
    started = time.monotonic()
    result = run(endpoint, answer(*FAITHFUL), timeout_s=0.5)
    assert time.monotonic() - started < 5      # two 0.5 s attempts and the SDK's backoff, not 1.5 s each
    assert_all_extractive(result)
    (warning,) = warnings_of(caplog)
    assert "no answer within 0.5 s" in warning and endpoint.url in warning


def test_connection_refused_leaves_the_extractive_summary(caplog):
    with socket.socket() as probe:           # a port that was free a moment ago: nobody listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    result = rewrite(_extractive(), POINTS, STATEMENTS, NAMES, settings(url, timeout_s=2), no_problems)
    assert_all_extractive(result)
    (warning,) = warnings_of(caplog)
    assert "cannot connect" in warning and url in warning


def test_the_input_summary_is_not_changed(endpoint):
    extractive = _extractive()
    endpoint.content = answer(WANG)
    rewrite(extractive, POINTS, STATEMENTS, NAMES, settings(endpoint.url), no_problems)
    assert extractive == _extractive()


# ---------------------------------------------------------------------------------------------
# The checks on their own, and the settings.

def test_what_counts_as_a_number():
    found = dict(numbers_in("二十万人里百分之二十，四点五倍，一些人是之一，两三个，第一个，万一失败，千万别放弃，"
                            "2026年，5%-10%，20万"))
    assert {k: sorted(map(str, v)) for k, v in found.items()} == {
        "二十万": ["200000"], "百分之二十": ["20"], "四点五": ["4.5"], "两三": [],
        "2026": ["2026"], "5": ["5"], "10": ["10"], "20万": ["200000"]}


def test_numbers_are_compared_by_value_or_verbatim():
    witnesses = ["预训练还要再扩大十倍，投入大概是二十亿美元。", "Agent 能工作三到五个小时，两三个团队在做。"]
    assert unwitnessed_numbers("扩大10倍，投入20亿美元，工作3到5个小时，两三个团队", witnesses) == []
    assert unwitnessed_numbers("投入二十亿美元，工作三到五个小时", witnesses) == []
    # Another magnitude, another value, or an approximation the witnesses do not have.
    assert unwitnessed_numbers("投入20美元，扩大100倍，七八个团队，工作六个小时", witnesses) == ["20", "100", "七八"]


def test_what_counts_as_first_or_second_person():
    assert person_words("他们实现了自我学习，迷你模型也行，我国的公司也在做。") == []
    assert person_words("他说「我们能做到」，“你也可以”。") == []
    assert person_words("我们觉得你们和您，咱们都行，我也是。") == ["我们", "你们", "您", "咱们", "我"]


def test_settings_from_config_and_the_schema():
    import yaml

    from subcast.config import ConfigError, settle

    config = yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))
    settle(config, root=ROOT)
    assert config["summary"]["engine"] == "extractive"      # the default: offline

    config["summary"].update(engine="llm", llm={"base_url": "http://localhost:11434/v1", "model": "qwen2.5:7b"})
    settle(config, root=ROOT)
    got = LLMSettings.from_config(config["summary"]["llm"])
    assert got == LLMSettings("http://localhost:11434/v1", "qwen2.5:7b", "OPENAI_API_KEY", 60.0, 0.2)

    config["summary"]["llm"] = {"base_url": "http://localhost:11434/v1"}
    with pytest.raises(ConfigError, match="summary.llm: 'model' is a required property"):
        settle(config, root=ROOT)
    with pytest.raises(ValueError, match="model"):
        LLMSettings.from_config({"base_url": "http://localhost:11434/v1"})


def test_the_summarise_stage_uses_the_llm_engine_when_configured(endpoint, caplog, config):
    """summary.engine: llm through summarise() on a panel the project never saw: the model's
    faithful sentences are kept (engine llm, cites), an invented number is replaced by the
    extractive sentence, and the editor's checker is what the stage holds them to."""
    import os

    from conftest import ROOT
    from subcast.reconcile import reconcile
    from subcast.summarise import known_names, summarise
    from test_panels import _panel_config

    os.chdir(ROOT)
    cfg = _panel_config("battery", config)
    document = reconcile(cfg["sources"], cfg["people"], cfg["topics"],
                         reconcile_settings(cfg))
    names = known_names(cfg["summary"], cfg["people"])
    extractive = summarise(document, cfg["summary"], names)["price-war"]
    positions = [s for s in extractive["sentences"] if s["role"] == "position"]
    kept, invented = positions[0], positions[1]
    endpoint.content = answer(
        {"text": extractive["sentences"][0]["display"], "cites": [extractive["sentences"][0]["point"]]},
        {"text": kept["display"], "cites": [kept["point"]]},
        {"text": f"{invented['speaker']}认为，储能价格明年会再降百分之七十七。", "cites": [invented["point"]]})
    llm = {**cfg["summary"], "engine": "llm", "llm": filled("summary.llm", {"base_url": endpoint.url, "model": "test-model"})}
    with caplog.at_level(logging.WARNING):
        summary = summarise(document, llm, names)["price-war"]
    engines = {s["display"]: s["engine"] for s in summary["sentences"]}
    assert engines[kept["display"]] == "llm" and engines[invented["display"]] == "extractive"
    assert not any("百分之七十七" in line or "七十七" in line for line in summary["ear"])
    assert any("七十七" in message or "77" in message for message in warnings_of(caplog))
    assert endpoint.requests and endpoint.requests[0]["body"]["model"] == "test-model"


def test_the_llm_may_not_give_a_panelist_what_the_transcript_gives_someone_else(endpoint, caplog, tmp_path):
    """A point only a write-up holds, whose words the transcript has the host saying: the model
    citing it for the panelist the write-up names is replaced, and the log says why."""
    from subcast.summarise import summarise
    from test_corroborate import _document

    document, names = _document(tmp_path)
    statements = document["statements"]
    bet = next(p for p in document["topics"][0]["points"]
               if any(statements[k]["text"].startswith("陈思押注") for k in p["statements"]))
    assert bet["speaker"] == "陈思"
    cfg = filled("summary", {"target_chars": 200, "max_chars": 260, "min_turns": 1, "exclude_speakers": ["主持人"]})
    extractive = summarise(document, cfg, names)["edge"]
    endpoint.content = answer(
        {"text": extractive["sentences"][0]["display"], "cites": [extractive["sentences"][0]["point"]]},
        {"text": "陈思认为，2027年端侧最关键的Bet是隐私计算能否落地。", "cites": [bet["id"]]})
    llm = {**cfg, "engine": "llm", "llm": filled("summary.llm", {"base_url": endpoint.url, "model": "test-model"})}
    with caplog.at_level(logging.WARNING):
        summary = summarise(document, llm, names)["edge"]
    assert not any("隐私计算" in line for line in summary["ear"]), summary["ear"]
    assert any("does not have 陈思 saying" in message for message in warnings_of(caplog)), warnings_of(caplog)

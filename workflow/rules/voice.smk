# The voice layer: narration of a transcript, and the timeline the `tts` subtitles use.


rule narrate:
    input:
        transcript=transcript_path,
        lexicon=config["voice"]["lexicon"],
        cover=rules.cover.output[0],
        code=code_and_data("narrate"),   # its package code and the files that reads
    output:
        audio="outputs/narration/{transcript}.{variant}.mp3",
        timeline="outputs/narration/{transcript}.{variant}.timeline.json",
    log:
        "logs/narrate/{transcript}.{variant}.log",
    benchmark:
        "benchmarks/narrate/{transcript}.{variant}.tsv"
    threads: config["voice"]["offline"]["threads"]
    resources:
        # Caps concurrent edge-tts connections when a limit is set (--resources tts_connections=N).
        tts_connections=1 if config["voice"]["engine"] == "edge" else 0,
    retries: 2 if config["voice"]["engine"] == "edge" else 0
    params:
        transcript=lambda w: config["transcripts"][w.transcript],
        settings=front_end(config),
        voice=config["voice"],
        narration=config["narration"],
        tags=lambda w: narration_tags(w.transcript),
    conda:
        "../envs/subcast.yaml"
    script:
        "../scripts/narrate.py"

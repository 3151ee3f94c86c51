# Transcript → cues (segmentation, timing and every variant's lines, once per transcript) →
# subtitle files per variant. All variants share one set of cue times.


rule segment_cues:
    input:
        transcript=transcript_path,
        dictionaries=opencc_dictionaries(),
        timeline=measured_timeline,
        code=code_and_data("segment_cues"),   # its package code and the files that reads
    output:
        "outputs/cues/{transcript}.json",
    log:
        "logs/segment_cues/{transcript}.log",
    benchmark:
        "benchmarks/segment_cues/{transcript}.tsv"
    params:
        transcript=lambda w: config["transcripts"][w.transcript],
        settings=subtitle_settings(config),
        variants=config["variants"],
    conda:
        "../envs/subcast.yaml"
    script:
        "../scripts/segment_cues.py"


rule write_subtitles:
    input:
        rules.segment_cues.output[0],
        code=code_and_data("write_subtitles"),   # its package code and the files that reads
    output:
        **{
            fmt: (
                report(
                    f"outputs/subtitles/{{transcript}}.{{variant}}.{fmt}",
                    caption="../report/subtitles.rst",
                    category="Subtitles",
                    subcategory="{transcript}",
                )
                if fmt == "srt"
                else f"outputs/subtitles/{{transcript}}.{{variant}}.{fmt}"
            )
            for fmt in SUBTITLE_FORMATS
        },
    log:
        "logs/write_subtitles/{transcript}.{variant}.log",
    params:
        srt=config["subtitles"]["srt"],
        fps=config["subtitles"]["timing_rules"]["fps"],
    conda:
        "../envs/subcast.yaml"
    script:
        "../scripts/write_subtitles.py"

# The listening site: per variant an index and a page per episode, with the files they play.


rule site:
    input:
        podcast=expand("outputs/podcast/{variant}/{name}.{ext}", variant=PODCAST_VARIANTS, name=PODCAST_NAMES,
                       ext=["mp3", "srt", "vtt", "chapters.json"]),
        feeds=expand("outputs/podcast/{variant}/{file}", variant=PODCAST_VARIANTS, file=["feed.xml", "cover.png"]),
        summaries=expand("outputs/summaries/{topic}.json", topic=SUMMARY_TOPICS),
        chapters=[f"outputs/summaries/episode.{script_variant(v)}.chapters.json" for v in PODCAST_VARIANTS],
        timelines=[f"outputs/voiced/{script_variant(v)}/{name}.timeline.json" for v in PODCAST_VARIANTS for name in PODCAST_NAMES],
        topics="outputs/reconciled/topics.json",
        code=code_and_data("site"),   # its package code and the files that reads
    output:
        site_outputs(),
    log:
        "logs/site.log",
    benchmark:
        "benchmarks/site.tsv"
    params:
        show=config["podcast"]["show"],
        base_url=config["podcast"]["base_url"],
        variants={v: config["variants"][v] for v in PODCAST_VARIANTS},
        voicings={v: script_variant(v) for v in PODCAST_VARIANTS},
        names=PODCAST_NAMES,
        titles={v: {name: podcast_tags(v, name)["title"] for name in PODCAST_NAMES} for v in PODCAST_VARIANTS},
    conda:
        "../envs/subcast.yaml"
    script:
        "../scripts/site.py"

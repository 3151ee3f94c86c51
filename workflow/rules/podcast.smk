# Reconciled text → spoken summaries → narrated episodes, cover and feed per variant.


rule summarise:
    input:
        "outputs/reconciled/topics.json",
    output:
        text=expand("outputs/summaries/{topic}.{variant}.txt", topic=SUMMARY_TOPICS, variant=VARIANTS),
        display=report(
            expand("outputs/summaries/{topic}.{variant}.md", topic=SUMMARY_TOPICS, variant=VARIANTS),
            caption="../report/summary.rst",
            category="Summaries",
        ),
        points=expand("outputs/summaries/{topic}.json", topic=SUMMARY_TOPICS),
        scripts=expand("outputs/summaries/episode.{variant}.txt", variant=VARIANTS),
        chapters=expand("outputs/summaries/episode.{variant}.chapters.json", variant=VARIANTS),
    log:
        "logs/summarise.log",
    params:
        summary=config["summary"],
        variants=config["variants"],
        show=config["podcast"]["show"],
        people=config["people"],
    conda:
        "../envs/subcast.yaml"
    script:
        "../scripts/summarise.py"


rule cover:
    output:
        "outputs/podcast/cover.png",
    log:
        "logs/cover.log",
    params:
        show=config["podcast"]["show"],
    conda:
        "../envs/subcast.yaml"
    script:
        "../scripts/cover.py"


rule voice_podcast:
    input:
        script=lambda w: f"outputs/summaries/{w.name}.{script_variant(w.variant)}.txt",
        chapters=lambda w: (
            [f"outputs/summaries/episode.{script_variant(w.variant)}.chapters.json"]
            if w.name == "episode"
            else []
        ),
        cover="outputs/podcast/cover.png",
        lexicon=config["voice"]["lexicon"],
    output:
        audio=report(
            "outputs/podcast/{variant}/{name}.mp3",
            caption="../report/episode.rst",
            category="Podcast",
            subcategory="{variant}",
        ),
        timeline="outputs/podcast/{variant}/{name}.timeline.json",
    log:
        "logs/voice_podcast/{variant}.{name}.log",
    benchmark:
        "benchmarks/voice_podcast/{variant}.{name}.tsv"
    wildcard_constraints:
        name="|".join(["episode"] + SUMMARY_TOPICS),
    threads: config["voice"]["offline"]["threads"]
    resources:
        tts_connections=1 if config["voice"]["engine"] == "edge" else 0,
    params:
        settings=tokenizer_settings(),
        voice=config["voice"],
        narration=config["narration"],
        tags=lambda w: podcast_tags(w.variant, w.name),
        variant=lambda w: config["variants"][w.variant],
    conda:
        "../envs/subcast.yaml"
    script:
        "../scripts/voice_podcast.py"


rule episode_subtitles:
    input:
        script=lambda w: f"outputs/summaries/episode.{script_variant(w.variant)}.txt",
        timeline="outputs/podcast/{variant}/episode.timeline.json",
    output:
        "outputs/podcast/{variant}/episode.srt",
    log:
        "logs/episode_subtitles/{variant}.log",
    params:
        settings=tokenizer_settings(),
        variant=lambda w: config["variants"][w.variant],
        srt=config["subtitles"]["srt"],
    conda:
        "../envs/subcast.yaml"
    script:
        "../scripts/episode_subtitles.py"


rule feed:
    input:
        audio=lambda w: expand("outputs/podcast/{variant}/{name}.mp3", variant=w.variant, name=["episode"] + SUMMARY_TOPICS),
        scripts=lambda w: [f"outputs/summaries/{name}.{script_variant(w.variant)}.txt" for name in ["episode"] + SUMMARY_TOPICS],
        cover="outputs/podcast/cover.png",
    output:
        "outputs/podcast/{variant}/feed.xml",
    log:
        "logs/feed/{variant}.log",
    params:
        show=config["podcast"]["show"],
        variant=lambda w: config["variants"][w.variant],
        base_url=config["podcast"]["base_url"],
        titles=lambda w: [podcast_tags(w.variant, name)["title"] for name in ["episode"] + SUMMARY_TOPICS],
    conda:
        "../envs/subcast.yaml"
    script:
        "../scripts/feed.py"

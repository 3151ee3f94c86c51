# All sources → one reconciled, source-attributed text per topic, and the conflicts.


rule reconcile:
    input:
        [source["path"] for source in config["sources"].values()],
        code=code_and_data("reconcile"),   # its package code and the files that reads
    output:
        topics="outputs/reconciled/topics.json",
        conflicts=report(
            "outputs/reconciled/conflicts.md",
            caption="../report/conflicts.rst",
            category="Reconciled text",
        ),
        markdown=expand("outputs/reconciled/{topic}.md", topic=TOPIC_IDS),
    log:
        "logs/reconcile.log",
    benchmark:
        "benchmarks/reconcile.tsv"
    params:
        sources=config["sources"],
        people=config["people"],
        topics=config["topics"],
        settings=reconcile_settings(config),
    conda:
        "../envs/subcast.yaml"
    script:
        "../scripts/reconcile.py"

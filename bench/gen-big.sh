#!/usr/bin/env bash
# Writes a form of just under 1 MiB (the largest huibao accepts) of one shape,
# for peak-memory measurements of the DOCX writer (README, 性能):
#   bench/gen-big.sh paras FILE    # a 导语 of short paragraphs (blank-line separated)
#   bench/gen-big.sh points FILE   # 99 sections of up to 99 short points
#   bench/gen-big.sh long FILE     # few sections with long texts
#   bench/gen-big.sh figures FILE  # points made of figures only
# Measure with: /usr/bin/time -v target/release/huibao render FILE -f docx -o out.docx
set -euo pipefail
shape=${1:?usage: gen-big.sh paras|points|long|figures FILE}
out=${2:?usage: gen-big.sh paras|points|long|figures FILE}
limit=$((1024 * 1024 - 200))
LC_ALL=C awk -v shape="$shape" -v limit="$limit" '
function emit(s) { if (size + length(s) + 1 > limit) { done = 1; return } print s; size += length(s) + 1 }
BEGIN {
    emit("文种: 情况汇报"); emit("地区: 示例市"); emit("单位: 示例市示例局"); emit("日期: 2025-01-10")
    if (shape == "paras") {
        emit("工作成效:"); emit("  - 标题: 推进示例工作")
        emit("导语: |")
        for (i = 1; !done; i++) { emit("  甲"); emit("") }
    } else if (shape == "figures") {
        emit("工作成效:")
        for (s = 1; !done && s <= 99; s++) {
            emit(sprintf("  - 标题: 推进第%d项工作", s))
            emit("    要点:")
            for (p = 1; !done && p <= 99; p++) {
                emit(sprintf("      - 标题: 要点%d", p)); emit("        指标:")
                for (k = 1; !done && k <= 3; k++) emit(sprintf("          - {名称: 指标%d, 数值: %d, 上期: %d}", k, p + k, p))
            }
        }
    } else if (shape == "long") {
        emit("工作成效:")
        for (s = 1; !done && s <= 20; s++) {
            emit(sprintf("  - 标题: 推进第%d项工作", s))
            emit("    要点:")
            for (p = 1; !done && p <= 10; p++) {
                t = ""
                for (k = 0; k < 160; k++) t = t "推进示例工作取得成效，"
                emit("      - 内容: " t)
            }
        }
    } else {
        emit("工作成效:")
        for (s = 1; !done; s++) {
            emit(sprintf("  - 标题: 推进第%d项工作", s))
            emit("    要点:")
            for (p = 1; !done && p <= 99; p++) emit(sprintf("      - 内容: 要点%d推进示例工作取得明显成效群众满意度持续提升", p))
            if (s == 99) break
        }
    }
}' > "$out"

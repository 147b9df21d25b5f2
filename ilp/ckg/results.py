"""The five result classes of the juknis, from the flags the examination's packages raised.

The thresholds themselves live in the package rules (e.g. BP ≥ 180/110 raises `hipertensi_3`); this table says
which class each flag puts the person in. The highest class wins. A flag not listed here is informative only.
Classes: juknis PKG 2025, bab pencatatan dan pelaporan (hasil: normal; normal dengan faktor risiko;
pra-penyakit; penyakit yang ditangani di FKTP; rujuk ke FKTL).
"""

from .models import ResultClass

CLASS_OF_FLAG: dict[str, int] = {
    # Rujuk FKTL: urgent or needs a specialist examination.
    **dict.fromkeys((
        "hipertensi_3", "lfg_berat", "anti_hcv_reaktif", "risiko_kanker_paru_tinggi", "darah_samar_positif",
        "shk_positif", "g6pd_defisiensi", "cah_positif", "pjb_positif", "tinja_pucat", "kpsp_penyimpangan",
        "curiga_gangguan_dengar", "curiga_gangguan_lihat", "puma_tinggi", "curiga_kanker_payudara",
        "curiga_kanker_serviks", "curiga_katarak", "gangguan_penglihatan_berat", "risiko_bunuh_diri",
        "adl_berat", "adl_total"), ResultClass.REFER_FKTL),
    # Penyakit ditangani di FKTP.
    **dict.fromkeys((
        "hipertensi_1", "hipertensi_2", "hipertensi", "gula_dm", "suspek_dm", "kolesterol_tinggi", "ldl_tinggi",
        "trigliserida_tinggi", "obesitas_1", "obesitas_2", "obesitas", "lfg_turun", "hbsag_reaktif", "terduga_tbc",
        "karies", "anemia", "srq_positif", "napza", "penasun", "iva_positif", "iva_positif_belum_ablasi",
        "sadanis_benjolan", "gangguan_penglihatan", "gangguan_pendengaran", "otitis_media", "kelainan_refraksi",
        "curiga_gangguan_kognitif", "curiga_depresi", "adl_sedang", "imt_kurang", "lila_rendah"), ResultClass.DISEASE_FKTP),
    # Pra-penyakit.
    **dict.fromkeys((
        "td_normal_tinggi", "prediabetes", "gula_belum_pasti", "kolesterol_batas", "ldl_batas", "kpsp_meragukan",
        "pjb_ulang", "hpv_positif", "skilas_positif", "hipertensi_sistolik_terisolasi"), ResultClass.PRE_DISEASE),
    # Normal dengan faktor risiko (behaviour, body shape, exposure).
    **dict.fromkeys((
        "merokok", "alkohol", "kurang_aktivitas", "kurang_sayur_buah", "gula_garam_lemak", "hdl_rendah", "imt_lebih",
        "obesitas_sentral", "kontak_tbc", "kontak_tanpa_gejala", "risiko_tbc", "betis_rendah", "serumen_prop",
        "presbiopia"), ResultClass.RISK_FACTOR),
}


def classify(flags: list[dict]) -> tuple[int, list[str]]:
    """(class, the labels of the flags that decided it); no class-giving flag means normal."""
    graded = [(CLASS_OF_FLAG[f["code"]], f["label"]) for f in flags if f["code"] in CLASS_OF_FLAG]
    if not graded:
        return ResultClass.NORMAL, []
    top = max(grade for grade, _ in graded)
    return top, list(dict.fromkeys(label for grade, label in graded if grade == top))

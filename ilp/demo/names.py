"""Name parts for generated demo people (common Indonesian and Minangkabau names)."""

MALE_FIRST = [
    "Ahmad", "Muhammad", "Rizki", "Budi", "Andi", "Hendra", "Fajar", "Rahmat", "Dedi", "Yusuf", "Ilham", "Arif",
    "Doni", "Eko", "Fikri", "Gilang", "Hafiz", "Irfan", "Joni", "Kurniawan", "Lukman", "Maulana", "Nanda", "Putra",
    "Reza", "Syahrul", "Taufik", "Wahyu", "Yoga", "Zulkifli", "Agus", "Bayu", "Dimas", "Erwin", "Firman", "Hamdan",
    "Iwan", "Jamal", "Khairul", "Roni", "Suhendri", "Afrizal", "Zainal", "Syafri", "Nasrul", "Yulianto",
]
FEMALE_FIRST = [
    "Siti", "Nur", "Dewi", "Sri", "Rina", "Putri", "Ayu", "Fitri", "Indah", "Rahmi", "Yuli", "Wulan", "Aisyah",
    "Annisa", "Dian", "Eka", "Fauziah", "Hana", "Intan", "Lestari", "Mega", "Nadia", "Oktavia", "Rika", "Sari",
    "Tuti", "Umi", "Vina", "Yeni", "Zahra", "Nurhayati", "Elvi", "Desi", "Novi", "Meri", "Yusnita", "Rosmaini",
    "Hasnah", "Ratna", "Mardiah", "Asmawati", "Syafrida", "Lina", "Widya", "Anggraini",
]
SECOND = [
    "Hidayat", "Saputra", "Wijaya", "Pratama", "Santoso", "Rahman", "Hakim", "Syahputra", "Firmansyah", "Kurnia",
    "Lubis", "Nasution", "Harahap", "Chaniago", "Piliang", "Sikumbang", "Tanjung", "Koto", "Caniago", "Jambak",
    "Aminah", "Rahmawati", "Susanti", "Handayani", "Wahyuni", "Safitri", "Maharani", "Marlina", "Yulianti",
    "Permata", "Ramadhan", "Hasanah", "Fadilah", "Anwar", "Yusuf", "Effendi", "Syahrial", "Asril", "Darwis",
]
BIRTH_PLACES = ["Sungai Dareh", "Sitiung", "Padang", "Pulau Punjung", "Koto Baru", "Bukittinggi", "Solok",
                "Muaro Bungo", "Sijunjung", "Jambi", "Pekanbaru", "Payakumbuh"]
POSYANDU_NAMES = ["Melati", "Mawar", "Anggrek", "Kenanga", "Dahlia", "Cempaka", "Flamboyan", "Teratai", "Kamboja",
                  "Tulip", "Seroja", "Bougenville"]
STREETS = ["Jl. Lintas Sumatera", "Jl. Sudirman", "Jl. Pemuda", "Jl. Koto Tuo", "Jl. Pasar", "Jl. Masjid",
           "Jl. Sawah Liek", "Jl. Kebun Sawit", "Jl. Bukit Indah", "Jl. Pramuka"]

# Read by the classic Notebook (6.x) when `npm start` puts this folder on JUPYTER_CONFIG_PATH.
# Nothing is installed globally: the learner's own ~/.jupyter config is still read and outranks this file.
c = get_config()  # noqa: F821 (Jupyter provides get_config when it loads this file)

# The course kernel for a notebook that names no kernel and for a kernel started without a name.
c.MappingKernelManager.default_kernel_name = "private-clustering-ts"
